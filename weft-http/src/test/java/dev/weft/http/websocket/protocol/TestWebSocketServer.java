package dev.weft.http.websocket.protocol;

import dev.weft.http.websocket.CloseStatus;
import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketMessage;
import dev.weft.http.websocket.WebSocketOptions;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A minimal WebSocket server for tests, standing in for the HTTP server: a ServerSocket on 127.0.0.1,
 * one virtual thread per connection that reads the request head, calls {@link ServerHandshake},
 * writes the 101 (or the rejection), calls {@link WebSocketSession#serve} and runs the handler, then
 * closes the session as the HTTP server does (1011 when the handler threw). {@link #close()} checks
 * that every session and every connection thread ended: the suite's leak check.
 */
final class TestWebSocketServer implements AutoCloseable {
    /** What runs on a connection once the WebSocket is open. */
    interface Handler {
        void handle(WebSocketSession ws) throws Exception;
    }

    private static final int MAX_HEAD = 16 * 1024;

    private final ServerSocket serverSocket;
    private final WebSocketOptions options;
    private final Handler handler;
    private final Consumer<Socket> socketSetup;
    private final Thread acceptor;
    private final Map<Thread, Boolean> connections = new ConcurrentHashMap<>();
    /** Every session served, in order of arrival. */
    final BlockingQueue<WebSocketSession> sessions = new LinkedBlockingQueue<>();
    /** Every exception a handler threw. */
    final BlockingQueue<Throwable> handlerErrors = new LinkedBlockingQueue<>();
    private final Queue<WebSocketSession> all = new ConcurrentLinkedQueue<>();

    private TestWebSocketServer(WebSocketOptions options, Handler handler, Consumer<Socket> socketSetup) throws IOException {
        this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.options = options;
        this.handler = handler;
        this.socketSetup = socketSetup;
        this.acceptor = Thread.ofVirtual().name("test-ws-acceptor").start(this::acceptLoop);
    }

    static TestWebSocketServer start(WebSocketOptions options, Handler handler) throws IOException {
        return new TestWebSocketServer(options, handler, socket -> { });
    }

    static TestWebSocketServer start(WebSocketOptions options, Consumer<Socket> socketSetup, Handler handler) throws IOException {
        return new TestWebSocketServer(options, handler, socketSetup);
    }

    /** Echoes text as text and binary as binary; closes with 1000 when it receives the text "close". */
    static void echo(WebSocketSession ws) {
        for (WebSocketMessage message : ws) {
            if (message.isText() && message.text().equals("close")) {
                ws.close();
            } else if (message.isText()) {
                ws.send(message.text());
            } else {
                ws.send(message.bytes());
            }
        }
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port() + path);
    }

    /** The next session served, waiting up to 5 seconds. */
    WebSocketSession nextSession() throws InterruptedException {
        WebSocketSession session = sessions.poll(5, TimeUnit.SECONDS);
        if (session == null) {
            throw new AssertionError("no WebSocket session was served within 5 s");
        }
        return session;
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket socket = serverSocket.accept();
                socketSetup.accept(socket);
                Thread thread = Thread.ofVirtual().name("test-ws-connection").unstarted(() -> serve(socket));
                connections.put(thread, Boolean.TRUE);
                thread.start();
            }
        } catch (IOException e) {
            // closed by close()
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
            HandshakeResult result = ServerHandshake.negotiate(requestLine[0], requestLine[2],
                    name -> headers.getOrDefault(name, List.of()), options);
            switch (result) {
                case HandshakeResult.Rejected rejected -> {
                    byte[] body = rejected.reason().getBytes(StandardCharsets.UTF_8);
                    StringBuilder response = new StringBuilder("HTTP/1.1 " + rejected.status() + " Rejected\r\n");
                    rejected.headers().forEach(h -> response.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
                    response.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
                    out.write(response.toString().getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                }
                case HandshakeResult.Accepted accepted -> {
                    StringBuilder response = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n");
                    accepted.responseHeaders().forEach(h -> response.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
                    out.write(response.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    WebSocketSession ws = WebSocketSession.serve(accepted, in, out, options);
                    all.add(ws);
                    sessions.add(ws);
                    try {
                        handler.handle(ws);
                        ws.close();
                    } catch (Throwable t) {
                        handlerErrors.add(t);
                        ws.close(CloseStatus.INTERNAL_ERROR, "handler failed");
                    }
                }
            }
        } catch (IOException e) {
            // the client went away during the handshake
        } finally {
            connections.remove(Thread.currentThread());
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (head.size() < MAX_HEAD) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
            if (matched == 4) {
                String text = head.toString(StandardCharsets.ISO_8859_1);
                return text.substring(0, text.length() - 4);
            }
        }
        throw new IOException("request head too long");
    }

    /** Closes like a shutting-down server (1001), then checks that nothing was left running. */
    @Override
    public void close() throws IOException {
        serverSocket.close();
        try {
            awaitEverythingEnded();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping the test server", e);
        }
    }

    private void awaitEverythingEnded() throws InterruptedException {
        acceptor.join();
        List<WebSocketSession> served = List.copyOf(all);
        for (WebSocketSession ws : served) {
            ws.close(CloseStatus.GOING_AWAY, "server shutting down");
        }
        for (WebSocketSession ws : served) {
            if (!ws.awaitClosed(Duration.ofSeconds(10))) {
                throw new AssertionError("a WebSocket session did not end: " + ws);
            }
        }
        for (Thread thread : List.copyOf(connections.keySet())) {
            if (!thread.join(Duration.ofSeconds(10))) {
                throw new AssertionError("a connection thread did not end");
            }
        }
    }
}
