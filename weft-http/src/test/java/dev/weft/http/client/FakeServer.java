package dev.weft.http.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A scripted HTTP server for misbehaviour: each accepted connection runs the script on its own virtual
 * thread with raw access to the socket, so a test can answer, stall, cut a body short or close at the
 * worst moment. Requests are read head and {@code Content-Length}/chunked body.
 */
final class FakeServer implements AutoCloseable {
    /** What the server does with one connection. */
    interface Script {
        void run(Peer peer) throws Exception;
    }

    /** One accepted connection as the script sees it. */
    static final class Peer {
        final Socket socket;
        final int index;
        private final InputStream in;
        private final OutputStream out;
        private final List<Request> log;

        Peer(Socket socket, int index, List<Request> log) throws IOException {
            this.socket = socket;
            this.index = index;
            this.log = log;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /**
         * Reads one request (head and body) or returns null when the client closed first, by a FIN or by a
         * reset: a client that gives up on a response closes with the rest of it unread, and its kernel
         * then answers with a reset, which is the same end of the conversation.
         */
        Request read() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b;
                try {
                    b = in.read();
                } catch (SocketException e) {
                    if (head.size() > 0 || socket.isClosed()) {
                        throw e;
                    }
                    return null;
                }
                if (b < 0) {
                    return null;
                }
                head.write(b);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            Request request = read(text);
            if (request != null) {
                log.add(request);
            }
            return request;
        }

        private Request read(String text) throws IOException {
            Request request = new Request(text, new byte[0]);
            String length = request.header("content-length");
            if (length != null) {
                return new Request(text, in.readNBytes(Integer.parseInt(length)));
            }
            if ("chunked".equalsIgnoreCase(request.header("transfer-encoding"))) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                while (true) {
                    String sizeLine = line();
                    int size = Integer.parseInt(sizeLine.strip(), 16);
                    if (size == 0) {
                        line();
                        break;
                    }
                    body.write(in.readNBytes(size));
                    line();
                }
                return new Request(text, body.toByteArray());
            }
            return request;
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new IOException("closed");
                }
                line.write(b);
            }
            return line.toString(StandardCharsets.ISO_8859_1).strip();
        }

        void write(String text) throws IOException {
            write(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Answers 200 with {@code body} and {@code Content-Length}. */
        void ok(String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            write("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + bytes.length + "\r\n\r\n");
            write(bytes);
        }

        void close() throws IOException {
            socket.close();
        }
    }

    /** A request as received: the head's text and the body. */
    record Request(String head, byte[] body) {
        String requestLine() {
            return head.substring(0, head.indexOf("\r\n"));
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** How long {@link #close()} waits for the scripts it interrupted: they end at once unless one is broken. */
    private static final Duration SCRIPT_END = Duration.ofSeconds(10);

    private final ServerSocket server;
    private final Thread acceptor;
    private final AtomicInteger accepted = new AtomicInteger();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** What the scripts threw on their own; complete once {@link #close()} has returned. */
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Socket> sockets = new ArrayList<>();
    private final List<Thread> scripts = new ArrayList<>();
    private volatile boolean closing;

    private FakeServer(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Peer peer = new Peer(socket, accepted.getAndIncrement(), requests);
                    run(script, peer);
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** Starts {@code script} on {@code peer} unless the server is closing, which then owns the socket. */
    private void run(Script script, Peer peer) throws IOException {
        lock.lock();
        try {
            if (closing) {
                peer.socket.close();
                return;
            }
            sockets.add(peer.socket);
            scripts.add(Thread.ofVirtual().start(() -> {
                try (peer.socket) {
                    script.run(peer);
                } catch (Exception e) {
                    // Once close() has begun, a script's end is close()'s doing (its socket closed, its wait
                    // interrupted), not a failure of the script.
                    if (!closing) {
                        failures.add(e);
                    }
                }
            }));
        } finally {
            lock.unlock();
        }
    }

    /** Starts a server on 127.0.0.1 running {@code script} for every connection. */
    static FakeServer start(Script script) throws IOException {
        return new FakeServer(script);
    }

    /** A script that reads requests in a loop and answers each with {@code responder} until the client closes. */
    static Script serving(Responder responder) {
        return peer -> {
            Request request;
            int n = 0;
            while ((request = peer.read()) != null) {
                responder.respond(peer, request, n++);
            }
        };
    }

    /** Answers one request on a keep-alive connection. */
    interface Responder {
        void respond(Peer peer, Request request, int indexOnConnection) throws Exception;
    }

    /**
     * A CONNECT proxy: records each request line and its {@code Proxy-Authorization} in {@code seen},
     * answers {@code status}, and after a 200 relays bytes both ways to 127.0.0.1:{@code targetPort}.
     */
    static FakeServer connectProxy(int targetPort, int status, List<String> seen) throws IOException {
        return start(peer -> {
            Request request = peer.read();
            seen.add(request.requestLine() + " auth=" + request.header("proxy-authorization"));
            if (status != 200) {
                peer.write("HTTP/1.1 " + status + " Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");
                return;
            }
            peer.write("HTTP/1.1 200 Connection established\r\n\r\n");
            try (var upstream = new Socket("127.0.0.1", targetPort)) {
                Thread up = Thread.ofVirtual().start(() -> {
                    try {
                        peer.socket.getInputStream().transferTo(upstream.getOutputStream());
                        upstream.shutdownOutput();
                    } catch (IOException ignored) {
                        // the other direction ends the relay
                    }
                });
                upstream.getInputStream().transferTo(peer.socket.getOutputStream());
                up.join();
            }
        });
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return accepted.get();
    }

    /**
     * Stops accepting, closes every connection, interrupts the scripts still running and waits for them
     * to end, so that {@link #failures} is complete when this returns.
     */
    @Override
    public void close() throws IOException {
        server.close();
        List<Thread> running;
        lock.lock();
        try {
            closing = true;
            for (Socket socket : sockets) {
                socket.close();
            }
            running = List.copyOf(scripts);
        } finally {
            lock.unlock();
        }
        try {
            acceptor.join(SCRIPT_END);
            for (Thread thread : running) {
                thread.interrupt();
                if (!thread.join(SCRIPT_END)) {
                    throw new IllegalStateException("a fake server script still runs " + SCRIPT_END + " after close");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while closing the fake server", e);
        }
    }
}
