package dev.weft.metrics;

import dev.weft.http.server.Handler;
import dev.weft.http.server.Middleware;
import dev.weft.http.server.Middlewares;
import dev.weft.http.server.Request;
import dev.weft.http.server.Response;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The request metrics middleware: one timer per (route template, method, status) with the configured
 * histogram buckets, and a gauge of requests in progress. Timers are cached by a small key, so the hot
 * path does one map lookup and no tag building. Thread-safe.
 */
final class HttpMetrics implements Middleware {
    static final String REQUESTS = "http.server.requests";
    static final String ACTIVE = "weft.http.server.requests.active";

    /** Methods kept as labels; any other token a client invents counts as {@code OTHER}. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "TRACE", "CONNECT");
    /** Exceptions become their problem response here, so that the status recorded is the one sent. */
    private static final Middleware ERRORS = Middlewares.errors();

    private record Series(String route, String method, int status) {
    }

    private final MeterRegistry registry;
    private final Duration[] buckets;
    private final int maxSeries;
    private final ConcurrentHashMap<Series, Timer> timers = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();

    HttpMetrics(MeterRegistry registry, MetricsConfig config) {
        this.registry = registry;
        this.buckets = config.latencyBuckets().toArray(Duration[]::new);
        this.maxSeries = config.maxSeries();
        Gauge.builder(ACTIVE, active, AtomicInteger::get)
                .description("HTTP requests being handled now")
                .strongReference(true)
                .register(registry);
    }

    @Override
    public Response handle(Request request, Handler next) throws Exception {
        long start = System.nanoTime();
        active.incrementAndGet();
        try {
            Response response = ERRORS.handle(request, next);
            String route = request.attribute(Middlewares.ROUTE).map(String::valueOf).orElse(WeftMetrics.UNMATCHED_ROUTE);
            String method = METHODS.contains(request.method()) ? request.method() : "OTHER";
            timer(new Series(route, method, response.status())).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return response;
        } finally {
            active.decrementAndGet();
        }
    }

    private Timer timer(Series series) {
        Timer timer = timers.get(series);
        if (timer != null) {
            return timer;
        }
        // Past the bound, new series fold into one per method and status; the check races benignly (a few over).
        Series key = timers.size() < maxSeries ? series
                : new Series(WeftMetrics.OVERFLOW_ROUTE, series.method(), series.status());
        return timers.computeIfAbsent(key, s -> Timer.builder(REQUESTS)
                .description("HTTP requests by route template, method and status: time to the response head")
                .tag("route", s.route())
                .tag("method", s.method())
                .tag("status", Integer.toString(s.status()))
                .serviceLevelObjectives(buckets)
                .register(registry));
    }
}
