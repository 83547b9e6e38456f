package dev.weft.http.server;

import dev.weft.http.codec.CodecLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The settings of an {@link HttpServer}: where it listens and every limit it enforces. Immutable and
 * thread-safe; make one with {@link #builder()}.
 *
 * {@snippet :
 * var config = ServerConfig.builder().port(8443).sslContext(ctx)
 *         .clientMaxSize(4 << 20).idleTimeout(Duration.ofSeconds(30)).build();
 * }
 *
 * @param host                 the address to bind ({@code 0.0.0.0}, {@code ::}, {@code 127.0.0.1}, ...)
 * @param port                 the TCP port; 0 picks a free one
 * @param unixSocket           a Unix domain socket path to listen on instead of TCP, or null
 * @param sslContext           serve TLS with this context, or null for plain HTTP
 * @param maxRequestLineLength longest request line; beyond it 414
 * @param maxHeaderSize        largest request head or trailer section; beyond it 431
 * @param maxHeaderCount       most header fields; beyond it 431
 * @param maxChunkLineLength   longest chunk-size line with its extensions; beyond it 400
 * @param clientMaxSize        largest body read whole (bytes, text, JSON, urlencoded form); beyond it 413
 * @param maxStreamedBodySize  largest body read as a stream; beyond it 413
 * @param maxMultipartSize     largest multipart body; beyond it 413
 * @param multipartSpoolSize   file parts larger than this go to a temporary file
 * @param maxMultipartParts    most parts in a multipart body; beyond it 413
 * @param headerReadTimeout    time allowed to receive a whole request head (against slowloris); then 408
 * @param idleTimeout          how long a keep-alive connection may wait for its next request
 * @param bodyReadTimeout      longest wait for the next bytes of a request body; then 408
 * @param bodyTimeout          how long, in all, the server may wait for a request body's bytes (against a
 *                             client trickling a byte a second); then 408. Time the handler spends
 *                             between reads does not count
 * @param minBodyRate          bytes per second that earn a body more time: each {@code minBodyRate} bytes
 *                             received extend {@code bodyTimeout} by one second, so large uploads over
 *                             slow links still finish; 0 makes {@code bodyTimeout} a hard limit
 * @param writeTimeout         longest a single write to a client may block
 * @param maxConnections       most connections served at once; one more is answered 503 and closed at once
 * @param shutdownGrace        how long in-flight requests may run after shutdown begins
 * @param maxWebSocketOutboundBytes bytes that all the server's WebSockets together may hold waiting to
 *                             be written; a send beyond it drops its connection with 1013
 * @param serverHeader         the {@code Server} header value, or null to send none
 * @param trustedProxies       the reverse proxies (IP addresses or CIDR blocks, IPv4 or IPv6) whose forwarded
 *                             headers are believed; from any other peer they change nothing. Empty by default
 * @param forwardedHeaders     which forwarded headers trusted proxies send
 * @param maxForwardedHops     most entries of a forwarded address list examined, from the right
 */
public record ServerConfig(String host, int port, Path unixSocket, SSLContext sslContext,
                           int maxRequestLineLength, int maxHeaderSize, int maxHeaderCount, int maxChunkLineLength,
                           long clientMaxSize, long maxStreamedBodySize, long maxMultipartSize,
                           long multipartSpoolSize, int maxMultipartParts, Duration headerReadTimeout,
                           Duration idleTimeout, Duration bodyReadTimeout, Duration bodyTimeout,
                           long minBodyRate, Duration writeTimeout, int maxConnections, Duration shutdownGrace,
                           long maxWebSocketOutboundBytes, String serverHeader, List<String> trustedProxies,
                           ForwardedHeaders forwardedHeaders, int maxForwardedHops) {
    /** Validates the components; a bad one throws {@link IllegalArgumentException} naming its value. */
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        new CodecLimits(maxRequestLineLength, maxHeaderSize, maxHeaderCount, maxChunkLineLength);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        positive("clientMaxSize", clientMaxSize);
        positive("maxStreamedBodySize", maxStreamedBodySize);
        positive("maxMultipartSize", maxMultipartSize);
        positive("multipartSpoolSize", multipartSpoolSize);
        positive("maxMultipartParts", maxMultipartParts);
        positive("maxConnections", maxConnections);
        positive("maxWebSocketOutboundBytes", maxWebSocketOutboundBytes);
        if (minBodyRate < 0) {
            throw new IllegalArgumentException("minBodyRate < 0: " + minBodyRate);
        }
        for (var d : new Duration[]{headerReadTimeout, idleTimeout, bodyReadTimeout, bodyTimeout, writeTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeout <= 0: " + d);
            }
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace < 0: " + shutdownGrace);
        }
        if (serverHeader != null && serverHeader.chars().anyMatch(c -> c < 0x20 || c > 0x7E)) {
            throw new IllegalArgumentException("invalid serverHeader: " + serverHeader);
        }
        trustedProxies = List.copyOf(trustedProxies);
        TrustedProxies.parse(trustedProxies);
        Objects.requireNonNull(forwardedHeaders, "forwardedHeaders");
        positive("maxForwardedHops", maxForwardedHops);
    }

    /** The parser limits. */
    CodecLimits codecLimits() {
        return new CodecLimits(maxRequestLineLength, maxHeaderSize, maxHeaderCount, maxChunkLineLength);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " <= 0: " + value);
        }
    }

    /** A builder starting from the defaults: {@code 0.0.0.0:8080}, 1 MiB {@code clientMaxSize}, 10k connections. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects settings for a {@link ServerConfig}; not thread-safe. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8080;
        private Path unixSocket;
        private SSLContext sslContext;
        private int maxRequestLineLength = CodecLimits.DEFAULT.maxRequestLineLength();
        private int maxHeaderSize = CodecLimits.DEFAULT.maxHeaderSize();
        private int maxHeaderCount = CodecLimits.DEFAULT.maxHeaderCount();
        private int maxChunkLineLength = CodecLimits.DEFAULT.maxChunkLineLength();
        private long clientMaxSize = 1 << 20;
        private long maxStreamedBodySize = 1L << 30;
        private long maxMultipartSize = 64L << 20;
        private long multipartSpoolSize = 256 << 10;
        private int maxMultipartParts = 128;
        private Duration headerReadTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(75);
        private Duration bodyReadTimeout = Duration.ofSeconds(30);
        private Duration bodyTimeout = Duration.ofSeconds(60);
        private long minBodyRate = 1024;
        private Duration writeTimeout = Duration.ofSeconds(30);
        private int maxConnections = 10_000;
        private Duration shutdownGrace = Duration.ofSeconds(10);
        private long maxWebSocketOutboundBytes = Runtime.getRuntime().maxMemory() / 4;
        private String serverHeader = "weft";
        private List<String> trustedProxies = List.of();
        private ForwardedHeaders forwardedHeaders = ForwardedHeaders.X_FORWARDED;
        private int maxForwardedHops = 20;

        private Builder() {
        }

        private Builder(ServerConfig c) {
            host = c.host;
            port = c.port;
            unixSocket = c.unixSocket;
            sslContext = c.sslContext;
            maxRequestLineLength = c.maxRequestLineLength;
            maxHeaderSize = c.maxHeaderSize;
            maxHeaderCount = c.maxHeaderCount;
            maxChunkLineLength = c.maxChunkLineLength;
            clientMaxSize = c.clientMaxSize;
            maxStreamedBodySize = c.maxStreamedBodySize;
            maxMultipartSize = c.maxMultipartSize;
            multipartSpoolSize = c.multipartSpoolSize;
            maxMultipartParts = c.maxMultipartParts;
            headerReadTimeout = c.headerReadTimeout;
            idleTimeout = c.idleTimeout;
            bodyReadTimeout = c.bodyReadTimeout;
            bodyTimeout = c.bodyTimeout;
            minBodyRate = c.minBodyRate;
            writeTimeout = c.writeTimeout;
            maxConnections = c.maxConnections;
            shutdownGrace = c.shutdownGrace;
            maxWebSocketOutboundBytes = c.maxWebSocketOutboundBytes;
            serverHeader = c.serverHeader;
            trustedProxies = c.trustedProxies;
            forwardedHeaders = c.forwardedHeaders;
            maxForwardedHops = c.maxForwardedHops;
        }

        /** The address to bind. */
        public Builder host(String value) {
            host = value;
            return this;
        }

        /** The TCP port; 0 picks a free one. */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** Listens on this Unix domain socket path instead of TCP (the file is replaced and removed on close). */
        public Builder unixSocket(Path value) {
            unixSocket = value;
            return this;
        }

        /** Serves TLS with {@code value}. */
        public Builder sslContext(SSLContext value) {
            sslContext = value;
            return this;
        }

        /** Longest request line (default 8 KiB); beyond it 414. */
        public Builder maxRequestLineLength(int value) {
            maxRequestLineLength = value;
            return this;
        }

        /** Largest request head (default 32 KiB); beyond it 431. */
        public Builder maxHeaderSize(int value) {
            maxHeaderSize = value;
            return this;
        }

        /** Most header fields (default 100); beyond it 431. */
        public Builder maxHeaderCount(int value) {
            maxHeaderCount = value;
            return this;
        }

        /** Longest chunk-size line with extensions (default 1 KiB); beyond it 400. */
        public Builder maxChunkLineLength(int value) {
            maxChunkLineLength = value;
            return this;
        }

        /** Largest body read whole (aiohttp's {@code client_max_size}). */
        public Builder clientMaxSize(long value) {
            clientMaxSize = value;
            return this;
        }

        /** Largest body read as a stream. */
        public Builder maxStreamedBodySize(long value) {
            maxStreamedBodySize = value;
            return this;
        }

        /** Largest multipart body. */
        public Builder maxMultipartSize(long value) {
            maxMultipartSize = value;
            return this;
        }

        /** File parts larger than this are spooled to a temporary file. */
        public Builder multipartSpoolSize(long value) {
            multipartSpoolSize = value;
            return this;
        }

        /** Most parts in a multipart body. */
        public Builder maxMultipartParts(int value) {
            maxMultipartParts = value;
            return this;
        }

        /** Time allowed to receive a whole request head. */
        public Builder headerReadTimeout(Duration value) {
            headerReadTimeout = value;
            return this;
        }

        /** How long an idle keep-alive connection stays open. */
        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        /** Longest wait for the next bytes of a request body (default 30 s). */
        public Builder bodyReadTimeout(Duration value) {
            bodyReadTimeout = value;
            return this;
        }

        /**
         * How long in all the server may wait for a request body (default 60 s), extended by one
         * second per {@link #minBodyRate} bytes received; then 408 and the connection closes.
         */
        public Builder bodyTimeout(Duration value) {
            bodyTimeout = value;
            return this;
        }

        /**
         * Bytes per second that extend {@link #bodyTimeout} (default 1 KiB/s: one second more per KiB
         * received); 0 makes {@code bodyTimeout} a hard limit whatever the body's size.
         */
        public Builder minBodyRate(long bytesPerSecond) {
            minBodyRate = bytesPerSecond;
            return this;
        }

        /** Longest a single write may block. */
        public Builder writeTimeout(Duration value) {
            writeTimeout = value;
            return this;
        }

        /** Most connections served at once (default 10,000); one more is refused at once with 503. */
        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        /** How long in-flight requests may run once shutdown begins. */
        public Builder shutdownGrace(Duration value) {
            shutdownGrace = value;
            return this;
        }

        /**
         * Bytes that all WebSockets of the server together may hold waiting to be written (default: a
         * quarter of the maximum heap); a send beyond it drops its connection with 1013, so peers that
         * stop reading cannot exhaust the heap however many they are.
         */
        public Builder maxWebSocketOutboundBytes(long value) {
            maxWebSocketOutboundBytes = value;
            return this;
        }

        /** The {@code Server} header value; null sends none. */
        public Builder serverHeader(String value) {
            serverHeader = value;
            return this;
        }

        /**
         * The reverse proxies whose forwarded headers are believed (default: none), as IP addresses or
         * CIDR blocks: {@code "127.0.0.1/32"}, {@code "10.0.0.0/8"}, {@code "::1/128"}. When the TCP peer
         * is one of them, {@link Request#remoteAddress()}, {@link Request#scheme()}, {@link Request#secure()}
         * and {@link Request#host()} describe the original client, read from the headers chosen by
         * {@link #forwardedHeaders}; {@link Request#peerAddress()} stays the proxy. List only proxies that
         * overwrite or append to those headers: a trusted peer that passes a client's headers on unchanged
         * lets the client choose its address. A bad entry makes {@link #build()} throw, naming it.
         */
        public Builder trustedProxies(List<String> cidrs) {
            trustedProxies = List.copyOf(cidrs);
            return this;
        }

        /** Which forwarded headers trusted proxies send (default {@link ForwardedHeaders#X_FORWARDED}, as nginx). */
        public Builder forwardedHeaders(ForwardedHeaders value) {
            forwardedHeaders = value;
            return this;
        }

        /**
         * Most entries of a forwarded address list examined, from the right (default 20): past them the
         * last one examined is taken as the client.
         */
        public Builder maxForwardedHops(int value) {
            maxForwardedHops = value;
            return this;
        }

        /** The configuration; throws {@link IllegalArgumentException} naming a bad value. */
        public ServerConfig build() {
            return new ServerConfig(host, port, unixSocket, sslContext, maxRequestLineLength, maxHeaderSize,
                    maxHeaderCount, maxChunkLineLength, clientMaxSize, maxStreamedBodySize,
                    maxMultipartSize, multipartSpoolSize, maxMultipartParts, headerReadTimeout, idleTimeout,
                    bodyReadTimeout, bodyTimeout, minBodyRate, writeTimeout, maxConnections, shutdownGrace,
                    maxWebSocketOutboundBytes, serverHeader, trustedProxies, forwardedHeaders, maxForwardedHops);
        }
    }
}
