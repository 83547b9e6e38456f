package dev.weft.http.websocket.protocol;

import dev.weft.http.websocket.CloseStatus;
import dev.weft.http.websocket.WebSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A scripted WebSocket client over a raw socket, for protocol-edge tests: it writes whatever frames
 * a test asks for (masked or not, valid or not) and reads the server's frames one by one.
 */
final class RawClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    final Socket socket;
    final String responseHead;
    private final InputStream in;
    private final OutputStream out;
    private final FrameWriter writer = new FrameWriter(Role.CLIENT);
    private final FrameReader reader;
    private final byte[] buffer = new byte[16 * 1024];
    private final ByteBuffer pending = ByteBuffer.wrap(buffer, 0, 0);

    private RawClient(Socket socket, String responseHead, boolean deflate) throws IOException {
        this.socket = socket;
        this.responseHead = responseHead;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.reader = new FrameReader(Role.CLIENT, 64 * 1024 * 1024, deflate);
    }

    /** Opens a connection and performs the handshake with the given extra header lines. */
    static RawClient connect(int port, String... headerLines) throws IOException {
        return connect(new Socket(), port, headerLines);
    }

    /** Connects a socket the test configured (buffer sizes, say) and performs the handshake. */
    static RawClient connect(Socket socket, int port, String... headerLines) throws IOException {
        socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        StringBuilder request = new StringBuilder("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        String head = readHead(socket.getInputStream());
        if (!head.startsWith("HTTP/1.1 101 ")) {
            socket.close();
            throw new IOException("handshake failed: " + head);
        }
        return new RawClient(socket, head, head.contains("permessage-deflate"));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read(); // one byte at a time: nothing past the head may be consumed
            if (b < 0) {
                throw new IOException("connection closed during the handshake: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    void send(int opcode, boolean fin, byte[] payload) throws IOException {
        out.write(writer.encode(opcode, fin, false, payload));
        out.flush();
    }

    void sendCompressed(int opcode, byte[] compressedPayload) throws IOException {
        out.write(writer.encode(opcode, true, true, compressedPayload));
        out.flush();
    }

    void sendText(String text) throws IOException {
        send(Frame.TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendClose(int code, String reason) throws IOException {
        send(Frame.CLOSE, true, MessageReader.closePayload(new CloseStatus(code, reason)));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame from the server, or null at end of stream. */
    Frame readFrame() throws IOException {
        while (true) {
            Frame frame = reader.next(pending);
            if (frame != null) {
                return frame;
            }
            int n = in.read(buffer);
            if (n < 0) {
                return null;
            }
            pending.position(0).limit(n);
        }
    }

    /** The next frame that is not a ping (pings are skipped, unanswered). */
    Frame readNonPing() throws IOException {
        Frame frame;
        do {
            frame = readFrame();
        } while (frame != null && frame.opcode() == Frame.PING);
        return frame;
    }

    String readText() throws IOException {
        Frame frame = readNonPing();
        if (frame == null || frame.opcode() != Frame.TEXT) {
            throw new IOException("expected a text frame, got " + frame);
        }
        return new String(frame.payload(), StandardCharsets.UTF_8);
    }

    /** Reads the server's close frame and returns its status. */
    CloseStatus readClose() throws IOException {
        Frame frame = readNonPing();
        if (frame == null || frame.opcode() != Frame.CLOSE) {
            throw new IOException("expected a close frame, got " + frame);
        }
        return MessageReader.parseClose(frame.payload());
    }

    /** Whether the server closed the TCP connection (end of stream or reset) before the read timeout. */
    boolean awaitEndOfStream() throws IOException {
        try {
            while (true) {
                if (pending.hasRemaining()) {
                    pending.position(pending.limit());
                }
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset: closed as well
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
