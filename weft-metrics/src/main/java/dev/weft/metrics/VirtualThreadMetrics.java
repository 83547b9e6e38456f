package dev.weft.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.util.function.ToDoubleFunction;
import jdk.management.VirtualThreadSchedulerMXBean;

/**
 * The virtual-thread scheduler's figures from the JDK's {@link VirtualThreadSchedulerMXBean}: virtual
 * threads mounted on a carrier and queued for one (the backlog a saturated server shows first), the
 * scheduler's parallelism and its carrier pool. Micrometer's thread gauges count platform threads only.
 * Micrometer's JFR-based virtual-thread binder is left out: it runs a recording stream for pinning
 * events, which JDK 24 and later no longer produce for {@code synchronized}.
 */
final class VirtualThreadMetrics implements MeterBinder {
    @Override
    public void bindTo(MeterRegistry registry) {
        var scheduler = ManagementFactory.getPlatformMXBean(VirtualThreadSchedulerMXBean.class);
        gauge(registry, scheduler, "jvm.threads.virtual.mounted", "virtual threads mounted on a carrier now",
                VirtualThreadSchedulerMXBean::getMountedVirtualThreadCount);
        gauge(registry, scheduler, "jvm.threads.virtual.queued", "virtual threads waiting for a carrier (estimate)",
                VirtualThreadSchedulerMXBean::getQueuedVirtualThreadCount);
        gauge(registry, scheduler, "jvm.threads.virtual.scheduler.parallelism", "carriers the scheduler aims to use",
                VirtualThreadSchedulerMXBean::getParallelism);
        gauge(registry, scheduler, "jvm.threads.virtual.scheduler.pool.size", "carrier threads started (estimate)",
                VirtualThreadSchedulerMXBean::getPoolSize);
    }

    private static void gauge(MeterRegistry registry, VirtualThreadSchedulerMXBean scheduler, String name,
                              String description, ToDoubleFunction<VirtualThreadSchedulerMXBean> figure) {
        Gauge.builder(name, scheduler, figure).description(description).strongReference(true).register(registry);
    }
}
