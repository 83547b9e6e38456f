package dev.weft.http.server.http1;

import dev.weft.core.Cancellation;
import dev.weft.http.codec.BodyDecoder;
import dev.weft.http.codec.BulkInputStream;
import dev.weft.http.codec.CodecLimits;
import dev.weft.http.codec.HeadParser;
import dev.weft.http.codec.HttpParseException;
import dev.weft.http.codec.RequestHead;
import dev.weft.http.server.BadRequest;
import dev.weft.http.server.ContentTooLarge;
import dev.weft.http.server.HttpException;
import dev.weft.http.server.Request;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One HTTP/1.1 connection, served by one virtual thread in a blocking loop that reads top to bottom:
 * read a head, run the app, write the response, repeat while the connection persists; one
 * {@code finally} (in {@link Http1Server}) releases the socket and the connection permit.
 * Pipelined requests are answered in order, and their responses leave in one write when they were
 * read together. Thread-confined, except the deadline fields and {@link #closeIfIdle()}/
 * {@link #forceClose()}, used by the sweeper and by shutdown.
 */
final class Http1Connection implements BodySource {
    private static final System.Logger LOG = System.getLogger("dev.weft.http.server");
    private static final int IDLE = 0;
    private static final int ACTIVE = 1;
    private static final int CLOSED = 2;
    /** An unread body smaller than this is skipped to keep the connection; a larger one closes it. */
    private static final int DRAIN_LIMIT = 64 * 1024;

    private final Http1Server server;
    private final Application app;
    private final ServerConfig config;
    private final CodecLimits limits;
    private final Transport transport;
    private final Output out;
    private final ResponseWriter writer;
    private final HeadParser parser;
    private final AtomicInteger phase = new AtomicInteger(ACTIVE);
    private final int maxBuffer;
    private byte[] buf = new byte[8192];
    private int start;
    private int end;
    private int requests;

    private volatile long readDeadline;
    private volatile boolean readTimedOut;

    // The exchange in progress.
    private BodyDecoder body;
    private RequestHead head;
    private boolean continueSent;
    private int runOffset;
    private int runLength;
    private boolean bodyBroken;
    /** How long this request's body reads have blocked so far, and the bytes they brought. */
    private long bodyWaited;
    private long bodyReceived;

    Http1Connection(Http1Server server, Transport transport) {
        this.server = server;
        this.app = server.app();
        this.config = server.config();
        this.limits = server.limits();
        this.transport = transport;
        this.out = new Output(transport, config.writeTimeout().toNanos());
        this.writer = new ResponseWriter(out, server);
        this.parser = new HeadParser(limits);
        this.maxBuffer = limits.maxHeaderSize() + 1024;
    }

    Transport transport() {
        return transport;
    }

    /** Serves requests until the connection should end; the caller closes the transport. */
    void serve() {
        try {
            while (true) {
                RequestHead next;
                try {
                    next = readHead();
                } catch (HttpParseException e) {
                    refuse(e.status(), e.reason());
                    return;
                }
                if (next == null || !exchange(next)) {
                    return;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // The client went away or a timeout closed the socket: there is nobody left to answer.
        }
    }

    /**
     * The next request head, or null at end of stream, idle timeout or shutdown. A head must arrive
     * whole within the header timeout, counted from its first byte, or for a connection's first request
     * from the accept: a client trickling bytes (slowloris) gets a 408 however steadily it trickles.
     */
    private RequestHead readHead() throws IOException {
        long headerTimeout = config.headerReadTimeout().toNanos();
        long headDeadline = requests == 0 ? System.nanoTime() + headerTimeout : 0;
        while (true) {
            if (start < end) {
                RequestHead h = parser.parseRequest(buf, start, end);
                if (h != null) {
                    start += parser.consumed();
                    return h;
                }
            }
            boolean idle = start == end && !parser.started();
            out.flush();
            if (idle) {
                start = end = 0;
                // Checked after turning idle: shutdown's one pass of closeIfIdle may have come just before.
                if (!phase.compareAndSet(ACTIVE, IDLE) || !server.running()) {
                    return null;
                }
            } else {
                makeRoom();
            }
            if (!idle && headDeadline == 0) {
                headDeadline = System.nanoTime() + headerTimeout;
            }
            readDeadline = headDeadline != 0 ? headDeadline : System.nanoTime() + config.idleTimeout().toNanos();
            // A deadline scope that ended the previous handler may leave an interrupt behind, and an
            // interrupt would close the channel under the next read.
            Thread.interrupted();
            int n;
            try {
                n = transport.read(buf, end, buf.length - end);
            } finally {
                readDeadline = 0;
            }
            if (idle && !phase.compareAndSet(IDLE, ACTIVE)) {
                return null;
            }
            if (n < 0) {
                if (readTimedOut && !idle) {
                    refuse(408, "request head not received in time");
                }
                return null;
            }
            end += n;
        }
    }

    /** Moves unconsumed bytes to the front, growing the buffer (up to the head limit) when full. */
    private void makeRoom() {
        if (end < buf.length) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length && buf.length < maxBuffer) {
            buf = Arrays.copyOf(buf, Math.min(maxBuffer, buf.length * 2));
        }
    }

    /** Serves one request; returns whether the connection persists. */
    private boolean exchange(RequestHead h) throws IOException {
        requests++;
        head = h;
        body = BodyDecoder.forRequest(h, limits);
        continueSent = false;
        runLength = 0;
        bodyBroken = false;
        bodyWaited = 0;
        bodyReceived = 0;
        Exchange exchange = app.exchange(h, transport.remoteAddress(), transport.secure(), this);
        Request request = exchange.request();
        boolean keepAlive = h.keepAlive() && server.running();
        Response response;
        HttpException problem = checkHead(h);
        if (problem != null) {
            response = exchange.problem(problem);
            keepAlive = false;
        } else if (h.target().equals("*")) {
            // OPTIONS * asks about the server as a whole, not about a resource (RFC 9110 9.3.7).
            response = Response.noContent().header("Allow", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
        } else {
            response = exchange.respond();
            // Shutdown may have begun while the handler ran: this response is then the last.
            if (!server.running() || "close".equalsIgnoreCase(response.header("Connection"))) {
                keepAlive = false;
            }
        }
        if (app.body(response) instanceof Body.Switch(Upgrade upgrade)) {
            switchProtocols(response, upgrade, exchange);
            return false;
        }
        if (keepAlive && !body.done()) {
            keepAlive = canSkipBody();
        }
        int mark = out.mark();
        long sent = out.sent();
        try {
            keepAlive = writer.write(response, h, request, keepAlive);
        } catch (RuntimeException | IOException e) {
            if (out.sent() != sent) {
                // Part of the response is on the wire: the client can only learn of the failure by the close.
                throw e instanceof IOException io ? io : new IOException("response body failed", e);
            }
            // Nothing left yet (a missing file, a stream writer failing at once): answer the error instead.
            out.reset(mark);
            Throwable cause = e instanceof IOException && e.getCause() != null ? e.getCause() : e;
            keepAlive = writer.write(exchange.problem(cause), h, request, keepAlive && e instanceof HttpException);
        } finally {
            try {
                if (exchange.hasAfterResponse()) {
                    out.flush(); // only then: other responses stay buffered for one write per pipelined batch
                }
            } finally {
                exchange.close();
            }
        }
        out.flushIfFull();
        if (keepAlive && !body.done()) {
            keepAlive = skipBody();
        }
        if (!keepAlive) {
            lingeringClose();
        }
        return keepAlive;
    }

    /**
     * Answers 101 and hands the connection to {@code upgrade}: its input first yields the bytes already
     * read past the request head. The new protocol runs on this thread; the caller closes the transport.
     */
    private void switchProtocols(Response response, Upgrade upgrade, Exchange exchange) throws IOException {
        try {
            writer.switchingProtocols(response);
            out.flush();
            Upgrade.Session session = upgrade.open(new UpgradedInput(), new UpgradedOutput());
            server.opened(session);
            try {
                session.run();
            } catch (Exception e) {
                LOG.log(Level.ERROR, "upgraded connection failed for " + exchange.request().target(), e);
            } finally {
                server.closed(session);
            }
        } finally {
            exchange.close();
        }
    }

    /** The upgraded connection's input: buffered bytes first, then the transport, with no HTTP timeouts. */
    private final class UpgradedInput extends BulkInputStream {
        @Override
        protected int readSome(byte[] b, int off, int len) throws IOException {
            if (start < end) {
                int n = Math.min(len, end - start);
                System.arraycopy(buf, start, b, off, n);
                start += n;
                return n;
            }
            return transport.read(b, off, len);
        }

        @Override
        public void close() {
            transport.close();
        }
    }

    /**
     * The upgraded connection's output, each write bounded by the write timeout: a small write (a frame
     * header) waits in the buffer for {@link #flush()} or for the large write that follows it, which
     * leaves at once, gathered with it, so that a header and its payload make one system call.
     */
    private final class UpgradedOutput extends OutputStream {
        private static final int SMALL_WRITE = 1024;

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len < SMALL_WRITE) {
                out.bytes(b, off, len);
            } else {
                out.writeNow(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() {
            transport.close();
        }
    }

    /** Semantic checks of the head that the codec leaves to the server (RFC 9112 3.2); null when fine. */
    private HttpException checkHead(RequestHead h) {
        int hosts = h.fields().count("host");
        if (h.minorVersion() == 1 && hosts != 1 || hosts > 1) {
            return new BadRequest("a request needs exactly one Host header");
        }
        if (h.contentLength() > config.maxStreamedBodySize()) {
            return new ContentTooLarge("request body larger than " + config.maxStreamedBodySize() + " bytes");
        }
        String expect = h.fields().first("expect");
        if (expect != null && !expect.equalsIgnoreCase("100-continue")) {
            return new HttpException(417, "unsupported expectation: " + expect);
        }
        if (h.method().equals("CONNECT")) {
            // Weft is an origin server, not a proxy: tunnels are not implemented (RFC 9110 9.3.6).
            return new HttpException(501, "CONNECT is not supported");
        }
        return null;
    }

    /** Whether the unread body may be skipped after the response (else the connection closes). */
    private boolean canSkipBody() {
        if (bodyBroken || head.expectsContinue() && !continueSent) {
            // The client waits for 100 Continue that will never come: it may or may not send the body.
            return false;
        }
        return head.chunked() || head.contentLength() <= DRAIN_LIMIT;
    }

    private boolean skipBody() throws IOException {
        byte[] sink = new byte[4096];
        long skipped = 0;
        int n;
        try {
            while ((n = readBody(sink, 0, sink.length)) >= 0) {
                skipped += n;
                if (skipped > DRAIN_LIMIT) {
                    return false;
                }
            }
        } catch (HttpException e) {
            // Bad framing or a timeout in a body nobody wanted: the response is out, just close.
            return false;
        }
        return true;
    }

    @Override
    public InputStream open(long limit) {
        return new RequestBodyStream(this, limit);
    }

    /** Reads decoded body bytes; -1 once the body (and its trailers) ended. */
    int readBody(byte[] b, int off, int len) throws IOException {
        if (bodyBroken) {
            throw new IOException("request body unreadable after an earlier error");
        }
        if (runLength > 0) {
            return copyRun(b, off, len);
        }
        if (body.done()) {
            return -1;
        }
        if (head.expectsContinue() && !continueSent) {
            continueSent = true;
            out.ascii("HTTP/1.1 100 Continue\r\n\r\n");
            out.flush();
        }
        try {
            while (true) {
                int used = body.decode(buf, start, end);
                start += used;
                if (body.dataLength() > 0) {
                    runOffset = body.dataOffset();
                    runLength = body.dataLength();
                    return copyRun(b, off, len);
                }
                if (body.done()) {
                    return -1;
                }
                if (used == 0) {
                    fill();
                }
            }
        } catch (HttpParseException e) {
            bodyBroken = true;
            throw new HttpException(e.status(), e.reason());
        } catch (IOException | RuntimeException e) {
            bodyBroken = true;
            throw e;
        }
    }

    private int copyRun(byte[] b, int off, int len) {
        int n = Math.min(len, runLength);
        System.arraycopy(buf, runOffset, b, off, n);
        runOffset += n;
        runLength -= n;
        return n;
    }

    /**
     * Reads more body bytes into the buffer, honouring the caller's deadline and both body timeouts:
     * the wait for the next bytes, and the total wait for the body, which counts only the time spent
     * blocked here (a handler that pauses between reads is not the client's fault).
     */
    private void fill() throws IOException {
        if (start == end) {
            start = end = 0;
        } else {
            makeRoom();
            if (end == buf.length) {
                // A chunk-size line or trailer section bigger than the buffer: the limits refuse it first.
                throw new HttpException(400, "chunk framing too large");
            }
        }
        Cancellation.check();
        long budget = bodyBudget();
        if (budget <= 0) {
            throw new HttpException(408, "request body not received in time");
        }
        long started = System.nanoTime();
        readDeadline = started + Math.min(config.bodyReadTimeout().toNanos(), budget);
        int n;
        try (var _ = Cancellation.onAbort(transport::abortRead)) {
            n = transport.read(buf, end, buf.length - end);
        } catch (IOException e) {
            Cancellation.check();
            throw e;
        } finally {
            readDeadline = 0;
            bodyWaited += System.nanoTime() - started;
        }
        if (n < 0) {
            Cancellation.check();
            if (readTimedOut) {
                throw new HttpException(408, "request body not received in time");
            }
            throw new IOException("client closed the connection during the request body");
        }
        end += n;
        bodyReceived += n;
    }

    /** Nanoseconds the body may still keep the server waiting: the total timeout, extended by the bytes received. */
    private long bodyBudget() {
        long rate = config.minBodyRate();
        double earned = rate == 0 ? 0 : bodyReceived * 1e9 / rate;
        double total = config.bodyTimeout().toNanos() + earned;
        return total >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) total - bodyWaited;
    }

    /** Answers a request that cannot be parsed or finished, then closes. */
    private void refuse(int status, String reason) {
        try {
            out.discard();
            writer.write(app.refusal(status, reason), null, null, false);
            out.flush();
            lingeringClose();
        } catch (IOException | RuntimeException e) {
            // The client is gone; closing is all that is left.
        }
    }

    /**
     * Sends what is buffered, half-closes, and reads (briefly) what the client still sends, so that
     * closing does not reset the connection before the client has read the response.
     */
    private void lingeringClose() throws IOException {
        out.flush();
        transport.shutdownOutput();
        readDeadline = System.nanoTime() + 2_000_000_000L;
        try {
            byte[] sink = new byte[4096];
            long total = 0;
            int n;
            while (total < 256 * 1024 && (n = transport.read(sink, 0, sink.length)) >= 0) {
                total += n;
            }
        } catch (IOException ignored) {
            // Timed out or reset: the response had its chance.
        } finally {
            readDeadline = 0;
        }
    }

    /** Called by the sweeper: enforces the read and write deadlines. */
    void checkDeadlines(long now) {
        long r = readDeadline;
        if (r != 0 && now - r > 0) {
            readTimedOut = true;
            transport.abortRead();
        }
        long w = out.writeDeadline();
        if (w != 0 && now - w > 0) {
            transport.close();
        }
    }

    /** Closes the connection if it waits for a next request; returns whether it did. */
    boolean closeIfIdle() {
        if (phase.compareAndSet(IDLE, CLOSED)) {
            transport.close();
            return true;
        }
        return false;
    }

    void forceClose() {
        phase.set(CLOSED);
        transport.close();
    }

    static void logUnexpected(Throwable t) {
        LOG.log(Level.WARNING, "connection ended by an unexpected error", t);
    }
}
