package dev.weft.metrics;

import dev.weft.pg.pool.PgPool;
import dev.weft.pg.pool.PoolStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Meters of a {@link PgPool} from its {@link PgPool#statistics()}, tagged {@code pool=<name>}: connections
 * by state ({@code idle}, {@code in_use}), the configured maximum, callers waiting, and counters of
 * acquisitions, acquire timeouts, and connections opened and closed. Each scrape reads the pool's
 * counters under its lock, a few times (once per meter): cheap next to a query. Keeps the pool
 * reachable while the registry lives.
 *
 * {@snippet :
 * PgPool pool = PgPool.open(databaseUrl);
 * metrics.bind(new PgPoolMetrics(pool, "main"));
 * // weft_pg_pool_connections{pool="main",state="in_use"} 3.0
 * }
 *
 * @param pool the pool to read
 * @param name the value of the {@code pool} tag, telling this pool from the service's others
 */
public record PgPoolMetrics(PgPool pool, String name) implements MeterBinder {
    /** Rejects a null pool and a null or blank name. */
    public PgPoolMetrics {
        Objects.requireNonNull(pool, "pool");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("pool name must not be blank: " + name);
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("pool", name);
        gauge(registry, "weft.pg.pool.connections", tags.and("state", "idle"), "open connections nobody uses",
                PoolStatistics::idle);
        gauge(registry, "weft.pg.pool.connections", tags.and("state", "in_use"), "open connections in use",
                PoolStatistics::inUse);
        Gauge.builder("weft.pg.pool.max.connections", pool, p -> p.config().maxSize())
                .tags(tags).description("most connections the pool opens").strongReference(true).register(registry);
        gauge(registry, "weft.pg.pool.waiting", tags, "callers waiting for a connection", PoolStatistics::waiting);
        counter(registry, "weft.pg.pool.acquired", tags, "connections handed out", PoolStatistics::totalAcquired);
        counter(registry, "weft.pg.pool.timeouts", tags, "acquires that ended without a connection",
                PoolStatistics::timeouts);
        counter(registry, "weft.pg.pool.connections.opened", tags, "connections opened", PoolStatistics::created);
        counter(registry, "weft.pg.pool.connections.closed", tags, "connections closed", PoolStatistics::closed);
    }

    private void gauge(MeterRegistry registry, String meter, Tags tags, String description,
                       ToDoubleFunction<PoolStatistics> figure) {
        Gauge.builder(meter, pool, p -> figure.applyAsDouble(p.statistics()))
                .tags(tags).description(description).strongReference(true).register(registry);
    }

    private void counter(MeterRegistry registry, String meter, Tags tags, String description,
                         ToDoubleFunction<PoolStatistics> figure) {
        // FunctionCounter keeps only a weak reference to the pool; the gauges above keep it reachable.
        FunctionCounter.builder(meter, pool, p -> figure.applyAsDouble(p.statistics()))
                .tags(tags).description(description).register(registry);
    }
}
