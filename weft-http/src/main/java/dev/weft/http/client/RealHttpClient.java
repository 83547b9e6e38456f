package dev.weft.http.client;

import dev.weft.http.codec.ResponseHead;
import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketClientHandshake;
import dev.weft.http.websocket.WebSocketException;
import dev.weft.http.websocket.WebSocketOptions;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one {@link HttpClient}: resolves URLs, merges headers, follows redirects, retries the keep-alive
 * race, and runs each exchange on a pooled connection.
 */
final class RealHttpClient implements HttpClient {
    private final ClientConfig config;
    private final ConnectionPool pool;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Cleaner.Cleanable cleanable;

    /**
     * Closes the pool of a client dropped without {@link #close()} (aiohttp's "Unclosed client session"),
     * so that its idle connections and sweeper thread do not outlive it. Refers to the pool, never to
     * the client.
     */
    private record UnclosedClient(ConnectionPool pool, AtomicBoolean closed)
            implements Runnable {
        @Override
        public void run() {
            if (closed.compareAndSet(false, true)) {
                pool.close();
                System.getLogger(ClientResponse.class.getPackageName()).log(System.Logger.Level.WARNING,
                        "Unclosed HttpClient: it was garbage-collected without close(); its idle connections were closed.");
            }
        }
    }

    RealHttpClient(ClientConfig config) {
        this.config = config;
        this.pool = new ConnectionPool(config);
        this.cleanable = RealClientResponse.CLEANER.register(this, new UnclosedClient(pool, closed));
    }

    @Override
    public ClientResponse request(ClientRequest request) {
        Objects.requireNonNull(request, "request");
        return InterceptorChain.run(config.interceptors(), request, this::call, false);
    }

    /** One call after the application interceptors: redirects followed, each hop through the network ones. */
    private ClientResponse call(ClientRequest request) {
        URI url = ClientRequest.resolve(config.baseUrl(), request.url());
        long deadline = config.totalTimeout().isZero() ? Long.MAX_VALUE
                : System.nanoTime() + config.totalTimeout().toNanos();
        String method = request.method();
        RequestBody body = request.body();
        List<Map.Entry<String, String>> headers = merge(request.headers());
        List<ClientResponse> history = new ArrayList<>();
        while (true) {
            ClientResponse response = InterceptorChain.run(config.networkInterceptors(),
                    new ClientRequest(method, url.toString(), withCookies(url, headers), body),
                    hop -> exchange(hop.method(), ClientRequest.resolve(null, hop.url()), hop.headers(), hop.body(), deadline),
                    true);
            if (response.status() == 101) {
                response.close();
                throw new InvalidResponse("unexpected 101 Switching Protocols from " + url + " (no upgrade was asked)");
            }
            URI next = config.followRedirects() ? redirectTarget(response, url) : null;
            int status = response.status();
            boolean keepsBody = status == 307 || status == 308;
            if (next == null || (keepsBody && body != null && !body.replayable())) {
                return finish(response, history);
            }
            if (response instanceof RealClientResponse real) {
                real.discardBody();
            } else {
                response.close();
            }
            history.add(response);
            if (history.size() > config.maxRedirects()) {
                List<URI> chain = new ArrayList<>();
                history.forEach(r -> chain.add(r.url()));
                chain.add(next);
                throw new TooManyRedirects(config.maxRedirects(), chain);
            }
            if (!keepsBody) {
                method = method.equals("HEAD") ? "HEAD" : "GET";
                body = null;
                headers = without(headers, "Content-Type");
            }
            if (!sameOrigin(url, next)) {
                headers = without(headers, "Authorization");
            }
            url = next;
        }
    }

    @Override
    public WebSocket websocket(ClientRequest request, WebSocketOptions options) {
        Objects.requireNonNull(options, "options");
        URI url = ClientRequest.resolve(config.baseUrl(), request.url());
        var handshake = WebSocketClientHandshake.create(options);
        List<Map.Entry<String, String>> headers = new ArrayList<>(merge(request.headers()));
        headers.removeIf(h -> h.getKey().equalsIgnoreCase("Accept-Encoding"));
        headers.addAll(handshake.requestHeaders());
        long deadline = config.totalTimeout().isZero() ? Long.MAX_VALUE
                : System.nanoTime() + config.totalTimeout().toNanos();
        RealClientResponse response = exchange("GET", url, withCookies(url, headers), null, deadline);
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
        cleanable.clean();
    }

    /**
     * Sends one request on a pooled connection and reads the response head; retries once on a fresh
     * connection when a reused one failed before any response byte and the request may be repeated.
     */
    private RealClientResponse exchange(String method, URI url, List<Map.Entry<String, String>> headers,
                                        RequestBody body, long deadline) {
        Endpoint endpoint = config.unixSocket() != null ? Endpoint.of(url) : config.proxy().route(Endpoint.of(url));
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
                List<String> setCookies = response.fields().all("Set-Cookie");
                if (!setCookies.isEmpty()) {
                    config.cookieJar().store(url, setCookies);
                }
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

    private ClientResponse finish(ClientResponse response, List<ClientResponse> history) {
        if (response instanceof RealClientResponse real) {
            real.history(history);
        }
        if (config.raiseForStatus()) {
            response.raiseForStatus();
        }
        return response;
    }

    /** Where a redirect response points, or null when it is not one to follow. */
    private static URI redirectTarget(ClientResponse response, URI from) {
        int status = response.status();
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            return null;
        }
        String location = response.header("Location");
        if (location == null || location.isBlank()) {
            return null;
        }
        URI next;
        try {
            next = from.resolve(new URI(location.strip()));
        } catch (java.net.URISyntaxException e) {
            response.close();
            throw new InvalidResponse("invalid Location \"" + location + "\" from " + from, e);
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || next.getHost() == null) {
            return null; // not something this client can follow; the caller gets the redirect itself
        }
        return next;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Endpoint.of(a).equals(Endpoint.of(b));
    }

    static boolean idempotent(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    /** The client's default headers overridden (by name) by the request's own. */
    private List<Map.Entry<String, String>> merge(List<Map.Entry<String, String>> own) {
        if (own.isEmpty()) {
            return config.headers();
        }
        List<Map.Entry<String, String>> merged = new ArrayList<>();
        for (Map.Entry<String, String> header : config.headers()) {
            if (own.stream().noneMatch(h -> h.getKey().equalsIgnoreCase(header.getKey()))) {
                merged.add(header);
            }
        }
        merged.addAll(own);
        return merged;
    }

    /** The headers plus a {@code Cookie} header from the jar, unless the request sets its own. */
    private List<Map.Entry<String, String>> withCookies(URI url, List<Map.Entry<String, String>> headers) {
        List<ClientCookie> cookies = config.cookieJar().cookiesFor(url);
        if (cookies.isEmpty() || headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Cookie"))) {
            return headers;
        }
        StringJoiner value = new StringJoiner("; ");
        cookies.forEach(c -> value.add(c.name() + "=" + c.value()));
        List<Map.Entry<String, String>> all = new ArrayList<>(headers);
        all.add(Map.entry("Cookie", value.toString()));
        return all;
    }

    private static List<Map.Entry<String, String>> without(List<Map.Entry<String, String>> headers, String name) {
        List<Map.Entry<String, String>> kept = new ArrayList<>(headers);
        kept.removeIf(h -> h.getKey().equalsIgnoreCase(name));
        return kept;
    }
}
