package dev.weft.security.ratelimit;

import dev.weft.http.server.Handler;
import dev.weft.http.server.Middleware;
import dev.weft.http.server.Middlewares;
import dev.weft.http.server.Request;
import dev.weft.http.server.Response;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * Rate limiting for weft-http: a middleware (for an app, or a mounted sub-app per route group), a
 * wrapper for one route, and the pieces to
 * limit by hand inside a handler. An allowed request's response carries the rate limit headers; a
 * refused one is answered 429 as {@code application/problem+json} with {@code Retry-After} (seconds,
 * rounded up) and the same headers. Two generations of the IETF httpapi draft are sent, so clients of
 * either read them: draft-ietf-httpapi-ratelimit-headers-10's {@code RateLimit-Policy: "api";q=100;w=60}
 * and {@code RateLimit: "api";r=42;t=35}, and draft-06's {@code RateLimit-Limit}, {@code RateLimit-Remaining}
 * and {@code RateLimit-Reset} (delta seconds), which most clients read today. Stateless; thread-safe.
 *
 * {@snippet :
 * RateLimiter perClient = RateLimiter.builder("api").capacity(100).refill(100, Duration.ofMinutes(1)).build();
 * app.use(Middlewares.accessLog())
 *    .use(RateLimit.middleware(perClient));                                   // by client address
 * app.post("/login", RateLimit.limited(logins, this::login));                  // one route
 * RateLimiter perKey = RateLimiter.builder("keys").capacity(1000).refill(1000, Duration.ofHours(1)).build();
 * partners.use(RateLimit.middleware(perKey, RateLimit.byHeader("X-Api-Key")));  // by API key
 * }
 */
public final class RateLimit {
    private static final Middleware ERRORS = Middlewares.errors();

    private RateLimit() {
    }

    /** Limits each client address ({@link #clientKey}) with {@code limiter}. */
    public static Middleware middleware(RateLimiter limiter) {
        return middleware(limiter, request -> null);
    }

    /**
     * Limits with {@code limiter}, one bucket per {@code key} of the request (an API key, the
     * authenticated principal...); a request for which {@code key} answers null is limited by its client
     * address instead, so leaving out the header does not escape the limit.
     */
    public static Middleware middleware(RateLimiter limiter, Function<Request, String> key) {
        Objects.requireNonNull(limiter, "limiter");
        Objects.requireNonNull(key, "key");
        return (request, next) -> {
            // Prefixed, so that a header's value can never name an address's bucket, nor the other way round.
            String k = key.apply(request);
            RateLimitDecision decision = limiter.tryAcquire(k != null ? "key:" + k : "ip:" + clientKey(request));
            if (!decision.allowed()) {
                return tooManyRequests(request, decision);
            }
            // Errors become their problem responses here, as weft-http's own middlewares do, so they carry the headers too.
            return withHeaders(ERRORS.handle(request, next), decision);
        };
    }

    /**
     * {@code handler} limited per client address by {@code limiter}, for one route; the same as the
     * middleware around that handler only.
     *
     * {@snippet :
     * app.post("/login", RateLimit.limited(logins, this::login));
     * }
     */
    public static Handler limited(RateLimiter limiter, Handler handler) {
        Objects.requireNonNull(handler, "handler");
        Middleware middleware = middleware(limiter);
        return request -> middleware.handle(request, handler);
    }

    /** A key function: the value of header {@code name} (e.g. {@code X-Api-Key}), or null when absent. */
    public static Function<Request, String> byHeader(String name) {
        Objects.requireNonNull(name, "name");
        return request -> request.header(name);
    }

    /**
     * The client's address as a key: the IP of {@link Request#remoteAddress()} (the client resolved
     * through trusted proxies, when the server is configured with them). An IPv6 client is keyed by its
     * /64 network, since one host commonly holds a whole /64 and could otherwise change address at will.
     */
    public static String clientKey(Request request) {
        return addressKey(request.remoteAddress());
    }

    static String addressKey(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return String.valueOf(remote);
        }
        InetAddress address = inet.getAddress();
        if (address instanceof Inet6Address) {
            byte[] network = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(network, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(network).getHostAddress() + "/64";
            } catch (UnknownHostException e) {
                throw new IllegalStateException("16 bytes are an IPv6 address", e);
            }
        }
        return address.getHostAddress();
    }

    /** Adds the rate limit headers of {@code decision} to {@code response}, and returns it. */
    public static Response withHeaders(Response response, RateLimitDecision decision) {
        long window = RateLimitDecision.ceilSeconds(decision.window());
        return response
                .setHeader("RateLimit-Policy", "\"" + decision.policy() + "\";q=" + decision.limit() + ";w=" + Math.max(1, window))
                .setHeader("RateLimit", "\"" + decision.policy() + "\";r=" + decision.remaining() + ";t=" + decision.resetSeconds())
                .setHeader("RateLimit-Limit", Long.toString(decision.limit()))
                .setHeader("RateLimit-Remaining", Long.toString(decision.remaining()))
                .setHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
    }

    /** The 429 problem response for a refused {@code decision}, with {@code Retry-After} and the headers. */
    public static Response tooManyRequests(Request request, RateLimitDecision decision) {
        if (decision.allowed()) {
            throw new IllegalArgumentException("the decision allowed the request");
        }
        long retry = decision.retryAfterSeconds();
        Response problem = Response.problem(429, "rate limit " + decision.policy() + " exceeded; retry in " + retry + " s", request);
        return withHeaders(problem, decision).setHeader("Retry-After", Long.toString(retry));
    }
}
