package dev.weft.http.server.http1;

import dev.weft.core.Task;
import dev.weft.http.codec.RequestHead;
import dev.weft.http.server.Request;
import dev.weft.http.server.Response;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Serialises a {@link Response} onto a connection's {@link Output}: status line, {@code Date},
 * {@code Server}, the response's fields, framing ({@code Content-Length} or chunked) and
 * {@code Connection}, then the body in the way its kind needs. One per connection; not thread-safe.
 */
final class ResponseWriter {
    private static final byte[][] STATUS_LINES = new byte[600][];

    private final Output out;
    private final Http1Server server;
    private final Application app;
    private final byte[] serverLine;

    ResponseWriter(Output out, Http1Server server) {
        this.out = out;
        this.server = server;
        this.app = server.app();
        String serverHeader = server.config().serverHeader();
        this.serverLine = serverHeader == null ? null
                : ("Server: " + serverHeader + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Writes {@code response} to the exchange's client.
     *
     * @param requestHead the head of the request answered, or null when it could not be parsed
     * @param request     the request answered, or null when it could not be parsed
     * @return whether the connection may carry another request afterwards
     */
    boolean write(Response response, RequestHead requestHead, Request request, boolean keepAlive) throws IOException {
        // Without a request (an unparseable one), answer as to an HTTP/1.1 GET.
        boolean head = requestHead != null && requestHead.method().equals("HEAD");
        int minor = requestHead == null ? 1 : requestHead.minorVersion();
        int status = response.status();
        Body body = app.body(response);
        if ((status < 200 || status == 204 || status == 304) && !(body instanceof Body.Switch)) {
            // These statuses never carry a body (RFC 9110 6.4.1), whatever the handler attached.
            head(status, response, -1, false, keepAlive, minor);
            return keepAlive;
        }
        return switch (body) {
            case Body.Empty e -> {
                head(status, response, 0, false, keepAlive, minor);
                yield keepAlive;
            }
            case Body.Bytes(byte[] data) -> {
                head(status, response, data.length, false, keepAlive, minor);
                if (!head) {
                    out.body(data);
                }
                yield keepAlive;
            }
            case Body.File(var path) -> file(response, request, path, head, keepAlive, minor);
            case Body.Stream(var writer) -> {
                boolean chunked = minor == 1;
                boolean persist = keepAlive && chunked;
                head(status, response, -1, chunked, persist, minor);
                if (!head) {
                    // Closed only on success: closing after a failure would send a well-formed end.
                    var stream = new ChunkedBodyStream(out, chunked);
                    try {
                        writer.writeTo(stream);
                    } catch (IOException | RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IOException("response body writer failed", e);
                    }
                    stream.close();
                }
                yield persist;
            }
            case Body.Events events -> events(response, events, head, keepAlive, minor);
            case Body.Switch upgrade -> throw new IllegalStateException("a protocol switch is written by the connection");
        };
    }

    private boolean file(Response response, Request request, java.nio.file.Path path, boolean head,
                         boolean keepAlive, int minor) throws IOException {
        FilePlan plan = FilePlan.of(path, request);
        response.setHeader("ETag", plan.etag()).setHeader("Last-Modified", plan.lastModified())
                .setHeader("Accept-Ranges", "bytes");
        if (plan.status() == 304) {
            response.status(304).removeHeader("Content-Type");
            head(304, response, -1, false, keepAlive, minor);
            return keepAlive;
        }
        if (plan.status() == 416) {
            response.status(416).setHeader("Content-Range", "bytes */" + plan.size()).removeHeader("Content-Type");
            head(416, response, 0, false, keepAlive, minor);
            return keepAlive;
        }
        if (response.header("Content-Type") == null) {
            response.contentType(MediaTypes.of(path));
        }
        if (plan.status() == 206) {
            response.status(206).setHeader("Content-Range",
                    "bytes " + plan.offset() + "-" + (plan.offset() + plan.length() - 1) + "/" + plan.size());
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            head(response.status(), response, plan.length(), false, keepAlive, minor);
            if (!head && plan.length() > 0) {
                out.file(channel, plan.offset(), plan.length());
            }
        }
        return keepAlive;
    }

    private boolean events(Response response, Body.Events events, boolean head, boolean keepAlive, int minor)
            throws IOException {
        boolean chunked = minor == 1;
        boolean persist = keepAlive && chunked;
        head(response.status(), response, -1, chunked, persist, minor);
        if (head) {
            return persist;
        }
        out.flush();
        var sink = new SseSink(new ChunkedBodyStream(out, chunked), server::running);
        var stop = new CountDownLatch(1);
        Task<Void> heartbeat = events.heartbeat().isZero() ? null
                : server.spawn("weft-sse-heartbeat", () -> beat(sink, events.heartbeat().toNanos(), stop));
        try {
            events.source().stream(sink);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("event source interrupted");
        } catch (Exception e) {
            throw new IOException("event source failed", e);
        } finally {
            // Not a cancel: interrupting a thread inside a channel write would close the socket.
            stop.countDown();
            if (heartbeat != null) {
                heartbeat.join();
            }
        }
        sink.close();
        return persist;
    }

    private static void beat(SseSink sink, long intervalNanos, CountDownLatch stop) {
        try {
            while (!stop.await(intervalNanos, TimeUnit.NANOSECONDS) && sink.isOpen()) {
                sink.comment("");
            }
        } catch (InterruptedException | UncheckedIOException e) {
            // The stream ended or the client went away: the heartbeat's job is over.
        }
    }

    /** Writes the head of a 101 answer: the status line, {@code Date} and the response's fields as they are. */
    void switchingProtocols(Response response) {
        out.bytes(statusLine(101));
        out.bytes(DateHeader.line());
        for (var field : response.headers()) {
            out.ascii(field.getKey());
            out.ascii(": ");
            out.ascii(field.getValue());
            out.crlf();
        }
        out.crlf();
    }

    /** Writes the head; {@code contentLength} -1 sends no length (chunked or close-delimited). */
    private void head(int status, Response response, long contentLength, boolean chunked, boolean keepAlive,
                      int minor) {
        out.bytes(statusLine(status));
        out.bytes(DateHeader.line());
        if (serverLine != null) {
            out.bytes(serverLine);
        }
        List<String> fields = app.fields(response);
        for (int i = 0; i < fields.size(); i += 2) {
            String name = fields.get(i);
            // Framing is the server's business: a handler's own Content-Length or Transfer-Encoding
            // could disagree with the body actually sent.
            if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
                    || name.equalsIgnoreCase("Connection")) {
                continue;
            }
            out.ascii(name);
            out.ascii(": ");
            out.ascii(fields.get(i + 1));
            out.crlf();
        }
        if (contentLength >= 0) {
            out.ascii("Content-Length: ");
            out.decimal(contentLength);
            out.crlf();
        } else if (chunked) {
            out.ascii("Transfer-Encoding: chunked\r\n");
        }
        if (!keepAlive) {
            out.ascii("Connection: close\r\n");
        } else if (minor == 0) {
            out.ascii("Connection: keep-alive\r\n");
        }
        out.crlf();
    }

    private static byte[] statusLine(int status) {
        byte[] line = STATUS_LINES[status];
        if (line == null) {
            line = ("HTTP/1.1 " + status + " " + Status.reason(status) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            STATUS_LINES[status] = line;
        }
        return line;
    }
}
