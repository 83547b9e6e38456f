package dev.weft.core;

import java.util.concurrent.CountDownLatch;

/** The one implementation of {@link Event}: a latch of one, whose wait honours cancellation. */
final class RealEvent implements Event {
    private final CountDownLatch latch = new CountDownLatch(1);

    @Override
    public void set() {
        latch.countDown();
    }

    @Override
    public boolean isSet() {
        return latch.getCount() == 0;
    }

    @Override
    public void await() {
        if (isSet()) {
            return;
        }
        Cancellation.check();
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw Scope.interrupted(e);
        }
    }

    @Override
    public String toString() {
        return isSet() ? "Event[set]" : "Event[not set]";
    }
}
