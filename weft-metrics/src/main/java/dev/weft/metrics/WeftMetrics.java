package dev.weft.metrics;

import dev.weft.http.server.Handler;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Middleware;
import dev.weft.http.server.Response;
import dev.weft.http.server.WebApp;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A service's metrics: a Micrometer {@link PrometheusMeterRegistry} with Weft's meters bound to it, the
 * request {@linkplain #middleware() middleware} and the {@linkplain #handler() scrape handler}.
 * {@link #mountOn} wires all three into an app. Thread-safe; close it to unhook the GC listeners.
 *
 * {@snippet :
 * var metrics = WeftMetrics.create();
 * var app = WebApp.create()
 *     .use(Middlewares.accessLog())
 *     .get("/users/{id}", req -> Response.json(users.find(req.pathParamLong("id"))));
 * metrics.mountOn(app);                              // middleware, GET /metrics, server gauges
 * metrics.bind(new PgPoolMetrics(pool, "main"));     // pool gauges and counters
 * metrics.registry().counter("signups").increment(); // the service's own meters
 * }
 */
public final class WeftMetrics implements AutoCloseable {
    /** The content type of the Prometheus text exposition format the handler answers with. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** The {@code route} label of requests no route matched (404s, and answers from middlewares before routing). */
    public static final String UNMATCHED_ROUTE = "UNMATCHED";
    /** The {@code route} label of requests past {@link MetricsConfig#maxSeries()}. */
    public static final String OVERFLOW_ROUTE = "OVERFLOW";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Middleware middleware;
    /** Holds GC notification listeners until closed; null without JVM metrics. */
    private final JvmGcMetrics gc;

    private WeftMetrics(MetricsConfig config) {
        middleware = new HttpMetrics(registry, config);
        gc = config.jvmMetrics() ? new JvmGcMetrics() : null;
        if (gc != null) {
            for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(),
                    new VirtualThreadMetrics(), new ClassLoaderMetrics(), new ProcessorMetrics(), new UptimeMetrics(),
                    new FileDescriptorMetrics(), new JvmInfoMetrics())) {
                binder.bindTo(registry);
            }
        }
    }

    /** Metrics with {@link MetricsConfig#defaults()}. */
    public static WeftMetrics create() {
        return create(MetricsConfig.defaults());
    }

    /** Metrics with {@code config}. */
    public static WeftMetrics create(MetricsConfig config) {
        return new WeftMetrics(Objects.requireNonNull(config, "config"));
    }

    /** The registry, for the service's own meters and binders. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * The request middleware: the {@code http_server_requests_seconds} histogram by {@code route}
     * (the template, {@value #UNMATCHED_ROUTE} when none matched), {@code method} and {@code status}, and
     * the gauge of requests in progress. Exceptions from the handlers are answered as problem responses
     * here (as {@code Middlewares.errors()} does) so that the status counted is the one sent.
     */
    public Middleware middleware() {
        return middleware;
    }

    /** The scrape handler: every meter in the Prometheus text format ({@value #CONTENT_TYPE}). */
    public Handler handler() {
        return request -> Response.text(scrape()).contentType(CONTENT_TYPE);
    }

    /** Every meter in the Prometheus text format, as the handler answers. */
    public String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }

    /** Binds {@code binder}'s meters (e.g. a {@link PgPoolMetrics}) to the registry; returns this. */
    public WeftMetrics bind(MeterBinder binder) {
        binder.bindTo(registry);
        return this;
    }

    /** Binds the gauges of {@code server}'s open connections and WebSockets; returns this. */
    public WeftMetrics bind(HttpServer server) {
        Objects.requireNonNull(server, "server");
        return bind(new ServerMetrics(() -> Optional.of(server)));
    }

    /**
     * Wires the metrics into {@code app}: appends the {@linkplain #middleware() middleware} (add it after the
     * access log and before routes run), serves the scrape at {@code GET /metrics}, and binds the gauges of
     * whichever server comes to serve the app. Returns {@code app}.
     */
    public WebApp mountOn(WebApp app) {
        return mountOn(app, "/metrics");
    }

    /** As {@link #mountOn(WebApp)}, with the scrape served at {@code path}. */
    public WebApp mountOn(WebApp app, String path) {
        bind(new ServerMetrics(app::server));
        return app.use(middleware).get(path, handler());
    }

    /** Unhooks the GC listeners and closes the registry. Idempotent. */
    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}
