package dev.weft.core;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/** The one implementation of {@link CapacityLimiter}: a fair semaphore whose waits honour cancellation. */
final class RealCapacityLimiter implements CapacityLimiter {
    private final int capacity;
    private final Semaphore permits;

    RealCapacityLimiter(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity <= 0: " + capacity);
        }
        this.capacity = capacity;
        this.permits = new Semaphore(capacity, true);
    }

    @Override
    public Permit acquire() {
        Cancellation.check();
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            throw Scope.interrupted(e);
        }
        return new OnePermit();
    }

    @Override
    public Optional<Permit> tryAcquire() {
        return permits.tryAcquire() ? Optional.of(new OnePermit()) : Optional.empty();
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int available() {
        return permits.availablePermits();
    }

    private final class OnePermit implements Permit {
        private final AtomicBoolean released = new AtomicBoolean();

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        }
    }
}
