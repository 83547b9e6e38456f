package dev.weft.http.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A raw-socket test client: sends exact bytes and parses responses strictly enough to check framing. */
final class RawClient implements AutoCloseable {
    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    record Reply(int status, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.getFirst();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    RawClient(int port) throws IOException {
        this("127.0.0.1", port);
    }

    RawClient(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    RawClient send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    Reply read() throws IOException {
        return read(false);
    }

    /** Reads one response; {@code headRequest} means no body follows whatever the headers say. */
    Reply read(boolean headRequest) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        if (!statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("bad status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String line;
        while (!(line = line()).isEmpty()) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        var reply = new Reply(status, headers, new byte[0]);
        if (headRequest || status < 200 || status == 204 || status == 304) {
            return reply;
        }
        var body = new ByteArrayOutputStream();
        if ("chunked".equals(reply.header("transfer-encoding"))) {
            while (true) {
                int size = Integer.parseInt(line().split(";")[0].strip(), 16);
                if (size == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                body.write(in.readNBytes(size));
                line();
            }
        } else if (reply.header("content-length") != null) {
            body.write(in.readNBytes(Integer.parseInt(reply.header("content-length"))));
        } else {
            body.write(in.readAllBytes());
        }
        return new Reply(status, headers, body.toByteArray());
    }

    /** Whether the server closed the connection (EOF within the socket timeout). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    String line() throws IOException {
        var sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                if (sb.isEmpty() || sb.charAt(sb.length() - 1) != '\r') {
                    throw new IOException("bare LF from server");
                }
                return sb.substring(0, sb.length() - 1);
            }
            sb.append((char) c);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
