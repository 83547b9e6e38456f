package dev.weft.http.client;

import dev.weft.http.codec.ResponseHead;
import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketException;
import dev.weft.http.websocket.WebSocketOptions;
import dev.weft.http.websocket.protocol.WebSocketClientHandshake;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one {@link HttpClient}: runs each call through the application chain (the caller's interceptors,
 * then the built-in raiseForStatus and {@link FollowRedirects} steps) and each hop through the network
 * chain ({@link CookieStep}, {@link DecompressionStep}, then the caller's network interceptors) to the
 * exchange on a pooled connection, which retries the keep-alive race.
 */
final class RealHttpClient implements HttpClient {
    private final ClientConfig config;
    private final ConnectionPool pool;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Cleaner.Cleanable cleanable;
    /** The caller's application interceptors, then the built-in steps: raiseForStatus, redirects. */
    private final List<Interceptor> applicationChain;
    /** The built-in cookie and decompression steps, then the caller's network interceptors. */
    private final List<Interceptor> networkChain;

    private static final Interceptor RAISE_FOR_STATUS = new Interceptor() {
        @Override
        public ClientResponse intercept(Chain chain) {
            return chain.proceed(chain.request()).raiseForStatus();
        }

        @Override
        public String toString() {
            return "the built-in raiseForStatus step";
        }
    };

    /**
     * Closes the pool and the resolver of a client dropped without {@link #close()} (aiohttp's "Unclosed
     * client session"), so that its idle connections and background tasks do not outlive it. Refers to
     * them, never to the client.
     */
    private record UnclosedClient(ConnectionPool pool, HostResolver hosts, AtomicBoolean closed)
            implements Runnable {
        @Override
        public void run() {
            if (closed.compareAndSet(false, true)) {
                pool.close();
                hosts.close();
                System.getLogger(ClientResponse.class.getPackageName()).log(System.Logger.Level.WARNING,
                        "Unclosed HttpClient: it was garbage-collected without close(); its idle connections were closed.");
            }
        }
    }

    RealHttpClient(ClientConfig config) {
        this.config = config;
        this.pool = new ConnectionPool(config);
        this.cleanable = RealClientResponse.CLEANER.register(this, new UnclosedClient(pool, config.hosts(), closed));
        List<Interceptor> application = new ArrayList<>(config.interceptors());
        if (config.raiseForStatus()) {
            application.add(RAISE_FOR_STATUS);
        }
        application.add(new FollowRedirects(config));
        this.applicationChain = List.copyOf(application);
        List<Interceptor> network = new ArrayList<>();
        network.add(new CookieStep(config.cookieJar()));
        if (config.decompress()) {
            network.add(new DecompressionStep());
        }
        network.addAll(config.networkInterceptors());
        this.networkChain = List.copyOf(network);
    }

    @Override
    public ClientResponse request(ClientRequest request) {
        Objects.requireNonNull(request, "request");
        RequestBody body = serialized(request.body());
        if (body != request.body()) { // so that application interceptors see the bytes and their length
            request = new ClientRequest(request.method(), request.url(), request.headers(), body);
        }
        return InterceptorChain.run(applicationChain, request, this::network, false, Long.MAX_VALUE);
    }

    /** One hop, after the redirect step: through the network chain to the connection. */
    private ClientResponse network(ClientRequest hop, long deadline) {
        return InterceptorChain.run(networkChain, hop, (last, hopDeadline) -> exchange(last.method(),
                ClientRequest.resolve(null, last.url()), last.headers(), serialized(last.body()), hopDeadline, false),
                true, deadline);
    }

    @Override
    public WebSocket websocket(ClientRequest request, WebSocketOptions options) {
        Objects.requireNonNull(options, "options");
        URI url = ClientRequest.resolve(config.baseUrl(), request.url());
        var handshake = WebSocketClientHandshake.create(options);
        List<Map.Entry<String, String>> headers = new ArrayList<>(withDefaults(config.headers(), request.headers()));
        headers.removeIf(h -> h.getKey().equalsIgnoreCase("Accept-Encoding"));
        headers.addAll(handshake.requestHeaders());
        long deadline = config.totalDeadline();
        RealClientResponse response = exchange("GET", url, CookieStep.withCookies(config.cookieJar(), url, headers),
                null, deadline, true);
        CookieStep.store(config.cookieJar(), url, response);
        if (response.status() != 101) {
            response.close();
            throw new WebSocketException("WebSocket upgrade to " + url + " refused: the server answered "
                    + response.status() + " " + response.reason());
        }
        ClientConnection connection = response.upgrade();
        try {
            return handshake.finish(101, response::headers, connection.takeOverInput(), connection.takeOverOutput());
        } catch (IOException | RuntimeException e) {
            connection.abort();
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new HttpClientException("cannot take over the connection to " + url, e);
        }
    }

    @Override
    public PoolStatistics poolStatistics() {
        return pool.statistics();
    }

    @Override
    public void close() {
        closed.set(true);
        pool.close();
        config.hosts().close();
        cleanable.clean();
    }

    /**
     * Sends one request on a pooled connection and reads the response head; retries once on a fresh
     * connection when a reused one failed before any response byte and the request may be repeated.
     * An {@code upgrade} (WebSocket) goes through a proxy in a CONNECT tunnel, never forwarded.
     */
    private RealClientResponse exchange(String method, URI url, List<Map.Entry<String, String>> headers,
                                        RequestBody body, long deadline, boolean upgrade) {
        Endpoint endpoint = config.unixSocket() != null ? Endpoint.of(url)
                : config.proxy().route(Endpoint.of(url), upgrade);
        byte[] head = Http1Exchange.head(method, url, headers, body, endpoint,
                config.proxy().authorizationFor(endpoint));
        boolean fresh = false;
        while (true) {
            ClientConnection connection = pool.acquire(endpoint, deadline, fresh);
            boolean reused = connection.exchanges > 0;
            connection.deadlineNanos = deadline;
            Lease lease = new Lease(connection, pool);
            try {
                ResponseHead response = Http1Exchange.exchange(connection, head, body);
                return new RealClientResponse(url, method, response, lease, config);
            } catch (NoResponseYet e) {
                lease.giveBack(false);
                boolean replayable = body == null || body.replayable();
                if (reused && !fresh && idempotent(method) && replayable) {
                    fresh = true;
                    continue;
                }
                String why = !reused ? "" : fresh ? " (also on a fresh connection)"
                        : !idempotent(method) ? " (a reused keep-alive connection; " + method + " is not retried)"
                        : " (a reused keep-alive connection; a streamed body is not retried)";
                throw new ServerDisconnected("server " + endpoint + " closed the connection before answering "
                        + method + " " + url + why, e.getCause());
            } catch (RuntimeException | Error e) {
                lease.giveBack(false);
                throw e;
            }
        }
    }

    /** A JSON body serialized with the client's {@code ObjectMapper}; any other body as it is. */
    private RequestBody serialized(RequestBody body) {
        return body == null ? null : body.serializedWith(config.objectMapper());
    }

    static boolean idempotent(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    /** The client's default headers overridden (by name) by the request's own. */
    static List<Map.Entry<String, String>> withDefaults(List<Map.Entry<String, String>> defaults,
                                                        List<Map.Entry<String, String>> own) {
        if (own.isEmpty()) {
            return defaults;
        }
        List<Map.Entry<String, String>> merged = new ArrayList<>();
        for (Map.Entry<String, String> header : defaults) {
            if (own.stream().noneMatch(h -> h.getKey().equalsIgnoreCase(header.getKey()))) {
                merged.add(header);
            }
        }
        merged.addAll(own);
        return merged;
    }
}
