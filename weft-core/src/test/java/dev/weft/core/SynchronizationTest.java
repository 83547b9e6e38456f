package dev.weft.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
@SuppressWarnings("try")
class SynchronizationTest {
    @AfterEach
    void noTaskThreadOutlivesItsGroup() {
        assertThat(RealTask.LIVE_THREADS.get()).isZero();
    }

    @Test
    void limiterBoundsConcurrencyAndPermitsComeBackOnce() {
        CapacityLimiter limiter = CapacityLimiter.create(3);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        try (var group = TaskGroup.open()) {
            for (int i = 0; i < 50; i++) {
                group.spawn(() -> limiter.call(() -> {
                    peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    Thread.sleep(2);
                    return inFlight.decrementAndGet();
                }));
            }
            group.join();
        }
        assertThat(peak.get()).isBetween(1, 3);
        assertThat(limiter.available()).isEqualTo(3);
        var permit = limiter.acquire();
        permit.close();
        permit.close();
        assertThat(limiter.available()).isEqualTo(3);
    }

    @Test
    void aWaitForAPermitHonoursTheDeadline() {
        CapacityLimiter limiter = CapacityLimiter.create(1);
        try (var held = limiter.acquire()) {
            assertThat(limiter.tryAcquire()).isEmpty();
            assertThat(Deadline.moveOnAfter(Duration.ofMillis(50), () -> limiter.acquire())).isEmpty();
        }
        assertThat(limiter.available()).isEqualTo(1);
        assertThatThrownBy(() -> CapacityLimiter.create(0)).hasMessageContaining("0");
    }

    @Test
    void eventReleasesEveryWaiterOnceSet() throws Exception {
        Event event = Event.create();
        AtomicInteger through = new AtomicInteger();
        try (var group = TaskGroup.open()) {
            for (int i = 0; i < 10; i++) {
                group.spawn(() -> {
                    event.await();
                    through.incrementAndGet();
                });
            }
            Thread.sleep(30);
            assertThat(through).hasValue(0);
            assertThat(event.isSet()).isFalse();
            event.set();
            group.join();
        }
        assertThat(through).hasValue(10);
        event.await();
        assertThat(event.isSet()).isTrue();
    }

    @Test
    void aWaitForAnEventHonoursTheDeadline() {
        assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(30), () -> {
            Event.create().await();
            return "set";
        })).isInstanceOf(DeadlineExceeded.class);
    }
}
