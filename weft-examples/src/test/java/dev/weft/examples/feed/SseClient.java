package dev.weft.examples.feed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A bare Server-Sent Events client for tests: an HTTP/1.0 GET (so the body is the event stream itself,
 * ending when the server closes), read one event at a time, each read bounded by a timeout.
 */
final class SseClient implements AutoCloseable {
    /** One event as the wire carried it; absent fields are null. */
    record Event(String id, String event, String data) {
    }

    private final Socket socket;
    private final BufferedReader in;
    private final String status;

    private SseClient(Socket socket, String status, BufferedReader in) {
        this.socket = socket;
        this.status = status;
        this.in = in;
    }

    /** Connects to {@code port} and asks for {@code target} with the extra header lines {@code headers}. */
    static SseClient open(int port, String target, Duration timeout, String... headers) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            var request = new StringBuilder("GET " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                // the response head: the tests look at the status line only
            }
            return new SseClient(socket, status, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The response's status line. */
    String status() {
        return status;
    }

    /** The next event (comments skipped); null at the end of the stream. Fails when none comes within the timeout. */
    Event next() {
        String id = null;
        String event = null;
        StringBuilder data = null;
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        return new Event(id, event, data.toString());
                    }
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                }
            }
            return null;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no event within the read timeout", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
