package dev.weft.metrics;

import java.time.Duration;
import java.util.List;

/**
 * The settings of {@link WeftMetrics}. Immutable; start from {@link #defaults()} and change what differs.
 *
 * {@snippet :
 * var metrics = WeftMetrics.create(MetricsConfig.defaults()
 *         .withLatencyBuckets(List.of(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1)))
 *         .withMaxSeries(500));
 * }
 *
 * @param latencyBuckets the upper bounds of the request latency histogram ({@code le} labels), ascending
 * @param maxSeries      most (route, method, status) series of the request histogram; requests past it are
 *                       counted under the route {@value WeftMetrics#OVERFLOW_ROUTE}, so a misbehaving client
 *                       cannot grow the scrape without bound
 * @param jvmMetrics     whether to bind the JVM's figures (memory, GC, threads, classes, CPU, uptime)
 */
public record MetricsConfig(List<Duration> latencyBuckets, int maxSeries, boolean jvmMetrics) {
    /** Prometheus-style buckets from 5 ms to 10 s, room for the figures a web service is judged by. */
    static final List<Duration> DEFAULT_BUCKETS = List.of(Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10));

    /** Rejects an empty, unsorted or non-positive bucket list and a series bound below 1. */
    public MetricsConfig {
        latencyBuckets = List.copyOf(latencyBuckets);
        if (latencyBuckets.isEmpty() || latencyBuckets.size() > 100) {
            throw new IllegalArgumentException("latencyBuckets must hold 1 to 100 bounds: " + latencyBuckets);
        }
        Duration previous = Duration.ZERO;
        for (Duration bound : latencyBuckets) {
            if (bound.compareTo(previous) <= 0) {
                throw new IllegalArgumentException("latencyBuckets must be positive and ascending: " + latencyBuckets);
            }
            previous = bound;
        }
        if (maxSeries < 1) {
            throw new IllegalArgumentException("maxSeries < 1: " + maxSeries);
        }
    }

    /** 5 ms to 10 s buckets, at most 2,000 request series, JVM metrics on. */
    public static MetricsConfig defaults() {
        return new MetricsConfig(DEFAULT_BUCKETS, 2_000, true);
    }

    /** This configuration with other latency buckets. */
    public MetricsConfig withLatencyBuckets(List<Duration> buckets) {
        return new MetricsConfig(buckets, maxSeries, jvmMetrics);
    }

    /** This configuration with another bound on request series. */
    public MetricsConfig withMaxSeries(int max) {
        return new MetricsConfig(latencyBuckets, max, jvmMetrics);
    }

    /** This configuration with JVM metrics on or off. */
    public MetricsConfig withJvmMetrics(boolean on) {
        return new MetricsConfig(latencyBuckets, maxSeries, on);
    }
}
