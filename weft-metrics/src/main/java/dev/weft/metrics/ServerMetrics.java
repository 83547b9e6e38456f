package dev.weft.metrics;

import dev.weft.http.server.HttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Gauges of an HTTP server's open connections and WebSockets, read from whichever server {@code server}
 * yields at scrape time: an app's server exists only once it listens, after the metrics were set up.
 * Before that (and for no server) the gauges read NaN, which Prometheus shows as a gap, not a zero.
 */
record ServerMetrics(Supplier<Optional<HttpServer>> server) implements MeterBinder {
    static final String CONNECTIONS = "weft.http.server.connections";
    static final String WEBSOCKETS = "weft.http.server.websockets";

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, CONNECTIONS, "HTTP connections open now, WebSockets included", HttpServer::openConnections);
        gauge(registry, WEBSOCKETS, "WebSocket connections open now", HttpServer::openWebSockets);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToIntFunction<HttpServer> figure) {
        Gauge.builder(name, server, s -> s.get().map(figure::applyAsInt).map(Integer::doubleValue).orElse(Double.NaN))
                .description(description)
                .strongReference(true)
                .register(registry);
    }
}
