package dev.weft.http.server;

import dev.weft.core.Deadline;
import dev.weft.core.DeadlineExceeded;
import dev.weft.core.ExecutionFailed;
import dev.weft.http.server.http1.Body;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The built-in middlewares. Each factory returns a new, thread-safe {@link Middleware}; add them with
 * {@link WebApp#use} (the first added runs outermost, so add the access log first and errors next).
 *
 * {@snippet :
 * app.use(Middlewares.accessLog())
 *    .use(Middlewares.errors())
 *    .use(Middlewares.securityHeaders(SecurityHeaders.defaults()))
 *    .use(Middlewares.requestId())
 *    .use(Middlewares.timeout(Duration.ofSeconds(30)))
 *    .use(Middlewares.compression());
 * }
 */
public final class Middlewares {
    /** The request attribute holding the request id. */
    public static final String REQUEST_ID = "weft.requestId";

    /**
     * The request attribute holding the matched route's template with its mount prefix, e.g.
     * {@code /api/users/{id}}: set by routing, so a middleware reads it after {@code next} returned; absent
     * when no route matched. Metrics and logs use it instead of the path, whose values are unbounded.
     */
    public static final String ROUTE = "weft.route";

    private static final System.Logger ACCESS = System.getLogger("dev.weft.http.access");
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:+/=-]{1,200}");

    private Middlewares() {
    }

    /** Logs each request in Common Log Format to the {@code dev.weft.http.access} logger at INFO. */
    public static Middleware accessLog() {
        return accessLog(AccessLogEntry::commonLogFormat, line -> ACCESS.log(Level.INFO, line));
    }

    /**
     * Logs each request with {@code format} to {@code sink}: e.g. {@link AccessLogEntry#combinedLogFormat}, or
     * {@link AccessLogEntry#jsonLine} (one JSON object per request) to {@code System.out::println}. Add
     * {@link #requestId()} after it for the request id to reach the entry.
     */
    public static Middleware accessLog(Function<AccessLogEntry, String> format, Consumer<String> sink) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(sink, "sink");
        return (request, next) -> {
            ZonedDateTime time = ZonedDateTime.now();
            long t0 = System.nanoTime();
            Response response = Problems.answer(next, request);
            long bytes = response.body() instanceof Body.Bytes(byte[] data) ? data.length
                    : response.body() instanceof Body.Empty ? 0 : -1;
            sink.accept(format.apply(new AccessLogEntry(request.remoteAddress(), time, request.method(),
                    request.target(), request.version(), response.status(), bytes,
                    Duration.ofNanos(System.nanoTime() - t0), request.header("Referer"), request.header("User-Agent"),
                    attributeText(request, REQUEST_ID), attributeText(request, ROUTE))));
            return response;
        };
    }

    private static String attributeText(Request request, String key) {
        return request.attribute(key).map(String::valueOf).orElse(null);
    }

    /**
     * Turns exceptions into RFC 9457 {@code application/problem+json} responses: an {@link HttpException}
     * keeps its status and detail, an expired deadline is 503, anything else a logged 500 with no detail.
     */
    public static Middleware errors() {
        return (request, next) -> Problems.answer(next, request);
    }

    /**
     * Adds {@code headers} to every response, keeping values a handler set itself. HSTS goes only on
     * responses to requests the client made over https ({@link Request#secure()}: TLS here, or at a
     * {@linkplain ServerConfig.Builder#trustedProxies trusted proxy}), never over plain http.
     */
    public static Middleware securityHeaders(SecurityHeaders headers) {
        Objects.requireNonNull(headers, "headers");
        return (request, next) -> {
            Response response = next.handle(request);
            addIfAbsent(response, "X-Content-Type-Options", "nosniff");
            addIfAbsent(response, "X-Frame-Options", headers.frameOptions());
            addIfAbsent(response, "Referrer-Policy", headers.referrerPolicy());
            addIfAbsent(response, "Content-Security-Policy", headers.contentSecurityPolicy());
            if (headers.hstsMaxAge() != null && request.secure()) {
                addIfAbsent(response, "Strict-Transport-Security",
                        "max-age=" + headers.hstsMaxAge().toSeconds() + "; includeSubDomains");
            }
            return response;
        };
    }

    private static void addIfAbsent(Response response, String name, String value) {
        if (value != null && response.header(name) == null) {
            response.header(name, value);
        }
    }

    /**
     * Gives each request an id: the client's {@code X-Request-Id} when it is short and plain, else a
     * random UUID; stored as the {@link #REQUEST_ID} attribute and echoed in the response.
     */
    public static Middleware requestId() {
        return (request, next) -> {
            String id = request.header("X-Request-Id");
            if (id == null || !SAFE_ID.matcher(id).matches()) {
                id = UUID.randomUUID().toString();
            }
            request.attribute(REQUEST_ID, id);
            return Problems.answer(next, request).setHeader("X-Request-Id", id);
        };
    }

    /**
     * Bounds each request's handling with a weft-core deadline: every Weft blocking call inside
     * (body reads, queries, client calls) ends when it passes, and the client gets 503.
     */
    public static Middleware timeout(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("timeout <= 0: " + limit);
        }
        return (request, next) -> {
            try {
                return Deadline.within(limit, () -> next.handle(request));
            } catch (DeadlineExceeded e) {
                throw new ServiceUnavailable("request not handled within " + limit.toMillis() + " ms");
            } catch (ExecutionFailed e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        };
    }

    /** Handles CORS for {@code policy}: preflight answers and allow headers on actual responses. */
    public static Middleware cors(CorsPolicy policy) {
        return new Cors(Objects.requireNonNull(policy, "policy"));
    }

    /** Compresses bodies of 1 KiB and more (and streams) with gzip or deflate per {@code Accept-Encoding}. */
    public static Middleware compression() {
        return compression(1024);
    }

    /** Compresses byte bodies of at least {@code minSize} bytes (and streams) per {@code Accept-Encoding}. */
    public static Middleware compression(int minSize) {
        return new Compression(minSize);
    }
}
