package dev.weft.http.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.http.codec.CodecLimits;
import dev.weft.http.codec.FieldSyntax;
import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketOptions;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP/1.1 client session (aiohttp's {@code ClientSession}): a pool of keep-alive connections,
 * default headers, a base URL, timeouts, redirects and automatic decompression, shared by every thread
 * of an application. Create one with {@link #builder()}, use it from any number of virtual threads, and
 * close it at the end.
 *
 * <p>Thread-safe. Every request blocks the calling (virtual) thread until the response head has
 * arrived; the body is read on demand from the returned {@link ClientResponse}. Blocking calls honour
 * weft-core cancellation and deadlines: a cancelled request ends with {@link dev.weft.core.Cancelled}
 * (or {@link dev.weft.core.DeadlineExceeded}) and its connection is closed, never returned to the pool.
 *
 * <p>The keep-alive race: when a request fails on a reused connection before any byte of the response
 * arrived (the server closed it as idle just as the request went out), an idempotent request with a
 * replayable body is sent again, once, on a new connection; otherwise {@link ServerDisconnected} is thrown.
 *
 * {@snippet :
 * try (HttpClient client = HttpClient.builder()
 *         .baseUrl("http://localhost:8080/api/")
 *         .maxConnectionsPerHost(64)
 *         .totalTimeout(Duration.ofSeconds(10))
 *         .build()) {
 *     try (ClientResponse response = client.get("users/7")) {
 *         User user = response.raiseForStatus().json(User.class);
 *     }
 *     String created = client.post("users", RequestBody.json(new NewUser("Ada"))).text();
 * }
 * }
 */
public interface HttpClient extends AutoCloseable {
    /** A builder with the defaults described on each of its setters. */
    static Builder builder() {
        return new Builder();
    }

    /** A client with every default. */
    static HttpClient create() {
        return builder().build();
    }

    /**
     * Sends {@code request} and waits for the response head, following redirects when enabled.
     *
     * @throws ServerDisconnected  when the server closed the connection without answering
     * @throws ClientTimeout       when a connect, read, total or pool timeout expired
     * @throws TooManyRedirects    when more than {@code maxRedirects} redirects were followed
     * @throws ClientResponseError when {@code raiseForStatus} is on and the status is 400 or more
     * @throws InvalidResponse     when the server broke HTTP/1.1
     * @throws HttpClientException when the connection could not be made
     */
    ClientResponse request(ClientRequest request);

    /** Sends a GET; see {@link #request}. */
    default ClientResponse get(String url) {
        return request(ClientRequest.builder("GET", url).build());
    }

    /** Sends a HEAD; the response has no body. See {@link #request}. */
    default ClientResponse head(String url) {
        return request(ClientRequest.builder("HEAD", url).build());
    }

    /** Sends a DELETE; see {@link #request}. */
    default ClientResponse delete(String url) {
        return request(ClientRequest.builder("DELETE", url).build());
    }

    /** Sends a POST with {@code body} (null for none); see {@link #request}. */
    default ClientResponse post(String url, RequestBody body) {
        return request(ClientRequest.builder("POST", url).body(body).build());
    }

    /** Sends a PUT with {@code body} (null for none); see {@link #request}. */
    default ClientResponse put(String url, RequestBody body) {
        return request(ClientRequest.builder("PUT", url).body(body).build());
    }

    /** Opens a WebSocket with the default options; see {@link #websocket(ClientRequest, WebSocketOptions)}. */
    default WebSocket websocket(String url) {
        return websocket(ClientRequest.builder("GET", url).build(), WebSocketOptions.defaults());
    }

    /** Opens a WebSocket with {@code options}; see {@link #websocket(ClientRequest, WebSocketOptions)}. */
    default WebSocket websocket(String url, WebSocketOptions options) {
        return websocket(ClientRequest.builder("GET", url).build(), options);
    }

    /**
     * Opens a WebSocket (aiohttp's {@code ws_connect}): sends the upgrade request (the request's URL,
     * {@code ws}, {@code wss}, {@code http} or {@code https}, with its headers and query), offers the
     * subprotocols of {@code options} and, when enabled, permessage-deflate, then checks the answer.
     * The returned socket has the same API as on the server side; the connection leaves the pool.
     *
     * {@snippet :
     * try (WebSocket ws = client.websocket("ws://localhost:8080/ws",
     *         WebSocketOptions.builder().subprotocols(List.of("chat")).heartbeat(Duration.ofSeconds(20)).build())) {
     *     ws.send("hello");
     *     String answer = ws.receive().text();
     * }
     * }
     *
     * @throws dev.weft.http.websocket.WebSocketException when the server does not accept the upgrade
     */
    WebSocket websocket(ClientRequest request, WebSocketOptions options);

    /** A snapshot of the connection pool. */
    PoolStatistics poolStatistics();

    /**
     * Closes the idle connections and refuses new requests; connections in use close when released.
     * Ends the client's background tasks and waits for them: the pool's sweeper, and DNS lookups still
     * running (the JDK's resolver ends within the system resolver's timeout; a custom
     * {@link DnsResolver} should return when interrupted).
     */
    @Override
    void close();

    /**
     * Configures an {@link HttpClient}; not thread-safe. Defaults: 100 connections in total and per host,
     * 15 s keep-alive, 30 s connect timeout, 5 min total timeout, no read or pool timeout of their own,
     * redirects followed (at most 10), host addresses cached for 10 s, an in-memory cookie jar, no proxy, gzip and deflate decompressed, {@code bytes()}/{@code text()}/{@code json()}
     * bounded to 64 MiB, the JDK's default {@code SSLContext}, leak stack traces on.
     */
    final class Builder {
        private int maxConnections = 100;
        private int maxConnectionsPerHost = -1;
        private Duration keepAlive = Duration.ofSeconds(15);
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration readTimeout = Duration.ZERO;
        private Duration totalTimeout = Duration.ofMinutes(5);
        private Duration poolTimeout = Duration.ZERO;
        private boolean followRedirects = true;
        private int maxRedirects = 10;
        private boolean raiseForStatus;
        private URI baseUrl;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private boolean decompress = true;
        private long maxBodySize = 64L * 1024 * 1024;
        private int maxStatusLineLength = CodecLimits.DEFAULT.maxRequestLineLength();
        private int maxHeaderSize = CodecLimits.DEFAULT.maxHeaderSize();
        private int maxHeaderCount = CodecLimits.DEFAULT.maxHeaderCount();
        private int maxChunkLineLength = CodecLimits.DEFAULT.maxChunkLineLength();
        private SSLContext sslContext;
        private ObjectMapper objectMapper;
        private boolean leakStackTraces = true;
        private CookieJar cookieJar;
        private ProxyConfig proxy = ProxyConfig.NONE;
        private final List<Interceptor> interceptors = new ArrayList<>();
        private final List<Interceptor> networkInterceptors = new ArrayList<>();
        private java.net.InetAddress localAddress;
        private java.nio.file.Path unixSocket;
        private final Map<String, java.util.Set<String>> certificatePins = new java.util.HashMap<>();
        private DnsResolver resolver = DnsResolver.system();
        private Duration dnsCacheTtl = Duration.ofSeconds(10);

        private Builder() {
        }

        /** Most connections open at once, all hosts together (aiohttp's {@code limit}); default 100. */
        public Builder maxConnections(int connections) {
            this.maxConnections = connections;
            return this;
        }

        /** Most connections open at once to one scheme/host/port; default: the total limit. */
        public Builder maxConnectionsPerHost(int connections) {
            this.maxConnectionsPerHost = connections;
            return this;
        }

        /** How long an idle connection stays in the pool; {@link Duration#ZERO} disables keep-alive. */
        public Builder keepAlive(Duration idle) {
            this.keepAlive = idle;
            return this;
        }

        /** Time to establish a connection: DNS lookup, TCP connect, proxy tunnel and TLS handshake together; zero for no limit. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** Longest wait for the next bytes of a response (aiohttp's {@code sock_read}); zero for none. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        /** Time for a whole request, redirects and body included (aiohttp's {@code total}); zero for none. */
        public Builder totalTimeout(Duration timeout) {
            this.totalTimeout = timeout;
            return this;
        }

        /** Longest wait for a free connection slot; zero: bounded only by the total timeout. */
        public Builder poolTimeout(Duration timeout) {
            this.poolTimeout = timeout;
            return this;
        }

        /** Whether 301, 302, 303, 307 and 308 are followed; default true. */
        public Builder followRedirects(boolean follow) {
            this.followRedirects = follow;
            return this;
        }

        /** Most redirects followed for one request; default 10. */
        public Builder maxRedirects(int redirects) {
            this.maxRedirects = redirects;
            return this;
        }

        /** Whether every response with status 400 or more throws {@link ClientResponseError}; default false. */
        public Builder raiseForStatus(boolean raise) {
            this.raiseForStatus = raise;
            return this;
        }

        /** The URL that relative request URLs are resolved against (end it with {@code /} to keep its path). */
        public Builder baseUrl(String url) {
            this.baseUrl = ClientRequest.resolve(null, url);
            return this;
        }

        /** A header sent with every request unless the request sets the same name. */
        public Builder header(String name, String value) {
            FieldSyntax.checkField(name, value);
            headers.add(Map.entry(name, value));
            return this;
        }

        /** HTTP Basic credentials sent with every request (as a default {@code Authorization}). */
        public Builder basicAuth(String user, String password) {
            return header("Authorization", ClientRequest.basic(user, password));
        }

        /** A bearer token sent with every request (as a default {@code Authorization}). */
        public Builder bearerAuth(String token) {
            return header("Authorization", "Bearer " + token);
        }

        /** Whether gzip and deflate bodies are decompressed (and asked for); default true. */
        public Builder decompress(boolean on) {
            this.decompress = on;
            return this;
        }

        /** Largest body {@code bytes()}, {@code text()} and {@code json()} read; default 64 MiB. */
        public Builder maxBodySize(long bytes) {
            this.maxBodySize = bytes;
            return this;
        }

        /** Longest accepted status line, CRLF excluded; default 8 KiB, at least 16. */
        public Builder maxStatusLineLength(int bytes) {
            this.maxStatusLineLength = bytes;
            return this;
        }

        /** Largest accepted response head or trailer section; default 32 KiB, at least the status line's bound. */
        public Builder maxHeaderSize(int bytes) {
            this.maxHeaderSize = bytes;
            return this;
        }

        /** Most field lines in a response head or trailer section; default 100. */
        public Builder maxHeaderCount(int count) {
            this.maxHeaderCount = count;
            return this;
        }

        /** Longest chunk-size line of a chunked body, extensions included; default 1 KiB, at least 8. */
        public Builder maxChunkLineLength(int bytes) {
            this.maxChunkLineLength = bytes;
            return this;
        }

        /** The TLS configuration for https and wss; hostname verification stays on. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /** The Jackson mapper used by {@link ClientResponse#json(Class)} and to serialize {@link RequestBody#json(Object)}. */
        public Builder objectMapper(ObjectMapper mapper) {
            this.objectMapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * Sends every request through the HTTP proxy at {@code proxyUrl} ({@code http://[user:password@]host:port}):
         * plain targets in absolute form, TLS targets through a CONNECT tunnel; hosts in {@code noProxy}
         * (and their subdomains; {@code "*"} for all) are reached directly.
         *
         * @throws IllegalArgumentException when the URL is not an http URL with a host
         */
        public Builder proxy(String proxyUrl, List<String> noProxy) {
            this.proxy = ProxyConfig.of(proxyUrl, noProxy);
            return this;
        }

        /** Takes the proxies from {@code HTTP_PROXY}, {@code HTTPS_PROXY} and {@code NO_PROXY} (any case), as curl does. */
        public Builder proxyFromEnvironment() {
            this.proxy = ProxyConfig.fromEnvironment(System.getenv());
            return this;
        }

        /**
         * Sends every request to the Unix domain socket at {@code path} (aiohttp's {@code UnixConnector}),
         * whatever the URL's host, which still names the {@code Host} header and the pool key. Plain
         * HTTP only; a proxy setting is ignored.
         */
        public Builder unixSocket(java.nio.file.Path path) {
            this.unixSocket = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * How host names become addresses; default {@link DnsResolver#system()}. The addresses are tried
         * in the order given until one accepts the connection (one after the other, not Happy Eyeballs),
         * all within the connect timeout.
         */
        public Builder resolver(DnsResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * How long a host's addresses are reused before the resolver is asked again (aiohttp's
         * {@code ttl_dns_cache}); default 10 s, {@link Duration#ZERO} asks on every new connection.
         * At most 1024 hosts are cached.
         */
        public Builder dnsCacheTtl(Duration ttl) {
            this.dnsCacheTtl = ttl;
            return this;
        }

        /** The local address connections are made from (a source IP on a multi-homed host); default: any. */
        public Builder localAddress(java.net.InetAddress address) {
            this.localAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Pins {@code host} (exact name, case-insensitive) to certificates whose public key has one of the
         * given hashes, in OkHttp's format {@code "sha256/" + base64(SHA-256(SubjectPublicKeyInfo))}; a TLS
         * connection to the host whose chain matches none of them fails. Checked on top of, not instead
         * of, the usual certificate and host name verification.
         *
         * @throws IllegalArgumentException when a pin is not in that format
         */
        public Builder certificatePin(String host, String... pins) {
            var set = certificatePins.computeIfAbsent(host.toLowerCase(java.util.Locale.ROOT), h -> new java.util.HashSet<>());
            for (String pin : pins) {
                if (!pin.startsWith("sha256/") || decodedLength(pin.substring(7)) != 32) {
                    throw new IllegalArgumentException("pin is not sha256/<base64 of 32 bytes>: \"" + pin + "\"");
                }
                set.add(pin);
            }
            return this;
        }

        private static int decodedLength(String base64) {
            try {
                return java.util.Base64.getDecoder().decode(base64).length;
            } catch (IllegalArgumentException e) {
                return -1;
            }
        }

        /** Adds an application interceptor (once per call, around redirects); the first added runs first. */
        public Builder interceptor(Interceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /** Adds a network interceptor (once per exchange, each redirect hop); the first added runs first. */
        public Builder networkInterceptor(Interceptor interceptor) {
            networkInterceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /**
         * Where cookies are kept between requests; default: a new {@link CookieJar#inMemory()} per client.
         * {@link CookieJar#none()} turns cookies off.
         */
        public Builder cookieJar(CookieJar jar) {
            this.cookieJar = Objects.requireNonNull(jar, "jar");
            return this;
        }

        /**
         * Whether each response records where it was created, for the leak report (costs a stack trace
         * per request); default true. Leaks are reported and repaired either way.
         */
        public Builder leakStackTraces(boolean on) {
            this.leakStackTraces = on;
            return this;
        }

        /**
         * The client.
         *
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public HttpClient build() {
            List<Map.Entry<String, String>> all = new ArrayList<>(headers);
            if (all.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("User-Agent"))) {
                all.add(Map.entry("User-Agent", "Weft/0.1"));
            }
            if (all.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("Accept"))) {
                all.add(Map.entry("Accept", "*/*"));
            }
            return new RealHttpClient(new ClientConfig(maxConnections,
                    maxConnectionsPerHost < 0 ? maxConnections : maxConnectionsPerHost, keepAlive, connectTimeout,
                    readTimeout, totalTimeout, poolTimeout, followRedirects, maxRedirects, raiseForStatus, baseUrl,
                    all, decompress, maxBodySize,
                    new CodecLimits(maxStatusLineLength, maxHeaderSize, maxHeaderCount, maxChunkLineLength), sslContext,
                    objectMapper != null ? objectMapper : new ObjectMapper(), leakStackTraces,
                    cookieJar != null ? cookieJar : CookieJar.inMemory(), proxy, interceptors,
                    networkInterceptors, localAddress, certificatePins, unixSocket,
                    new HostResolver(resolver, dnsCacheTtl)));
        }
    }
}
