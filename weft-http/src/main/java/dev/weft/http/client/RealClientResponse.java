package dev.weft.http.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.http.codec.BodyDecoder;
import dev.weft.http.codec.ParameterizedValue;
import dev.weft.http.codec.ResponseHead;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The one {@link ClientResponse}: a head, a lease on its connection and the body stream over it. */
final class RealClientResponse implements ClientResponse {
    /** Reports responses and clients dropped without being closed; shared by the package. */
    static final Cleaner CLEANER = Cleaner.create(Thread.ofVirtual().name("weft-http-client-leaks").factory());

    private final URI url;
    private final ResponseHead head;
    private final Lease lease;
    private final ResponseBodyStream raw;
    private final ClientConfig config;
    private final Cleaner.Cleanable cleanable;
    /** The body's length on the wire when its framing says so before it is read, or -1. */
    private final long framedLength;
    private List<ClientResponse> history = List.of();
    private boolean bodyTaken;
    private boolean decompress;
    private boolean closed;

    /**
     * Reports a response that became unreachable while still holding its connection, and closes that
     * connection. It must not refer to the response, or the response would never become unreachable.
     */
    private record LeakReport(Lease lease, URI url, Throwable createdAt) implements Runnable {
        private static final System.Logger LOG = System.getLogger(ClientResponse.class.getPackageName());

        @Override
        public void run() {
            if (!lease.returned()) {
                lease.giveBack(false);
                LOG.log(System.Logger.Level.WARNING, "Unclosed response from " + url
                        + ": it was garbage-collected without being closed or read to the end; its connection was closed."
                        + (createdAt == null ? " Enable leakStackTraces to see where it was created." : ""), createdAt);
            }
        }
    }

    RealClientResponse(URI url, String method, ResponseHead head, Lease lease, ClientConfig config) {
        this.url = url;
        this.head = head;
        this.lease = lease;
        this.config = config;
        BodyDecoder decoder;
        if (!head.hasBody(method)) {
            decoder = BodyDecoder.fixed(0);
            framedLength = 0;
        } else if (head.chunked()) {
            decoder = BodyDecoder.chunked(config.limits());
            framedLength = -1;
        } else if (head.contentLength() >= 0) {
            decoder = BodyDecoder.fixed(head.contentLength());
            framedLength = head.contentLength();
        } else {
            decoder = null;
            framedLength = -1;
        }
        Throwable createdAt = config.leakStackTraces()
                ? new Throwable("response to " + method + " " + url + " created here") : null;
        this.cleanable = CLEANER.register(this, new LeakReport(lease, url, createdAt));
        this.raw = head.status() == 101 ? null : new ResponseBodyStream(lease, decoder, head.keepAlive());
    }

    /** The connection of a 101 response, handed over to the new protocol. */
    ClientConnection upgrade() {
        ClientConnection connection = lease.detach();
        cleanable.clean(); // after detaching, so that the leak report sees the connection given back
        return connection;
    }

    /** Has the body decompressed when it is gzip or deflate encoded; set by {@link DecompressionStep}. */
    void decompress() {
        this.decompress = true;
    }

    void history(List<ClientResponse> redirects) {
        this.history = List.copyOf(redirects);
    }

    /** Drops the rest of a redirect's body, keeping the connection when the body is small. */
    void discardBody() {
        bodyTaken = true;
        raw.discard(64 * 1024);
        cleanable.clean();
    }

    @Override
    public int status() {
        return head.status();
    }

    @Override
    public String reason() {
        return head.reason();
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public String header(String name) {
        return head.fields().first(name);
    }

    @Override
    public List<String> headers(String name) {
        return head.fields().all(name);
    }

    @Override
    public List<Map.Entry<String, String>> headers() {
        return head.fields().entries();
    }

    @Override
    public String contentType() {
        return ParameterizedValue.valueOf(header("Content-Type"));
    }

    @Override
    public Charset charset() {
        try {
            return ParameterizedValue.charsetOf(header("Content-Type"));
        } catch (UnsupportedCharsetException e) {
            // A client reads what it is given: an unknown charset falls back to the default, as with none.
            return StandardCharsets.UTF_8;
        }
    }

    @Override
    public List<ClientResponse> history() {
        return history;
    }

    @Override
    public byte[] bytes() {
        try (InputStream in = body()) {
            long declared = head.chunked() ? -1 : head.contentLength();
            if (declared > config.maxBodySize()) {
                throw new InvalidResponse("response body of " + declared + " bytes exceeds maxBodySize "
                        + config.maxBodySize() + " (read it with body() instead)");
            }
            // A compressed body's length on the wire says nothing about its decoded length.
            boolean compressed = decompress && header("Content-Encoding") != null;
            boolean exact = framedLength >= 0 && framedLength <= Integer.MAX_VALUE - 8 && !compressed;
            return exact ? readExactly(in, (int) framedLength) : readGrowing(in);
        } catch (IOException e) {
            throw new InvalidResponse("cannot read the body from " + url + ": " + e.getMessage(), e);
        }
    }

    /** Reads a body whose length is known and already checked against {@code maxBodySize}. */
    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] all = new byte[length];
        int n = in.readNBytes(all, 0, length);
        return n == length ? all : Arrays.copyOf(all, n);
    }

    /**
     * Reads a body of unknown length into a buffer that starts small and doubles, so that a short body
     * costs a short buffer; reading stops one byte past {@code maxBodySize}, which is how an oversized
     * body is told apart from one of exactly the limit.
     */
    private byte[] readGrowing(InputStream in) throws IOException {
        long max = config.maxBodySize();
        int cap = (int) Math.min(Integer.MAX_VALUE - 8, max + 1);
        byte[] buffer = new byte[Math.min(cap, 512)];
        int size = 0;
        while (true) {
            if (size == buffer.length) {
                if (size == cap) {
                    break;
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(cap, 2L * size));
            }
            int n = in.read(buffer, size, buffer.length - size);
            if (n < 0) {
                break;
            }
            size += n;
        }
        if (size > max) {
            throw new InvalidResponse("response body exceeds maxBodySize " + max
                    + " bytes (read it with body() instead)");
        }
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    }

    @Override
    public String text() {
        return new String(bytes(), charset());
    }

    @Override
    public <T> T json(Class<T> type) {
        byte[] bytes = bytes();
        try {
            return config.objectMapper().readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw new InvalidResponse("body from " + url + " is not JSON for " + type.getName() + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream body() {
        if (closed || bodyTaken) {
            throw new IllegalStateException(closed ? "this response is closed" : "the body of this response was already taken");
        }
        bodyTaken = true;
        return new DecodedBody(raw, decompress ? header("Content-Encoding") : null, this::close);
    }

    @Override
    public Stream<String> lines() {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body(), charset()));
        return reader.lines().onClose(this::close);
    }

    @Override
    public Stream<SseEvent> events() {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body(), StandardCharsets.UTF_8));
        EventStreamParser parser = new EventStreamParser();
        // Lines end with CRLF, LF or CR, which is what BufferedReader.readLine accepts too.
        return reader.lines().map(parser::line).filter(java.util.Objects::nonNull).onClose(this::close);
    }

    @Override
    public ClientResponse raiseForStatus() {
        if (head.status() >= 400) {
            close();
            throw new ClientResponseError(head.status(), head.reason(), url);
        }
        return this;
    }

    @Override
    public void close() {
        closed = true;
        if (raw != null) {
            raw.close();
        } else {
            lease.giveBack(false);
        }
        cleanable.clean();
    }

    @Override
    public String toString() {
        return "ClientResponse[" + head.status() + " " + url + "]";
    }
}
