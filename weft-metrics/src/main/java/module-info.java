/**
 * Prometheus metrics for Weft services through Micrometer: per-route HTTP request counts and latency
 * histograms, the server's open connections and WebSockets, PostgreSQL pool figures, JVM figures
 * (virtual threads included), and the {@code /metrics} handler in the Prometheus text format. The one
 * package, {@code dev.weft.metrics}, is the API; Micrometer's registry is handed out for the service's
 * own meters. weft-pg is optional: only {@link dev.weft.metrics.PgPoolMetrics} needs it.
 */
module dev.weft.metrics {
    requires transitive dev.weft.http;
    requires static dev.weft.pg;
    requires transitive micrometer.core;
    requires transitive micrometer.registry.prometheus;
    requires jdk.management;

    exports dev.weft.metrics;
}
