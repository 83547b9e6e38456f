package dev.weft.core;

import java.util.concurrent.Callable;

/**
 * Runs CPU-bound work on a bounded pool of platform threads and waits for it: asyncio's
 * {@code run_in_executor}, Trio's {@code to_thread.run_sync}. Virtual threads share a few carrier
 * threads, so a long computation on one starves the others; offloading keeps the carriers free for I/O.
 *
 * <p>At most {@link #threads()} pieces of work run at once; further callers wait for a slot (a wait
 * that honours cancellation). When the caller is cancelled while its work runs, the work's thread is
 * interrupted and the caller gets {@link Cancelled} at once; work that ignores interrupts keeps its slot
 * until it finishes, so the pool stays bounded. The work runs below the caller's cancel scope: it sees
 * the caller's deadline, and a long computation can stop early by calling {@link Cancellation#check()}
 * in its loop. The shared pool has one thread per processor, or {@code -Dweft.offload.threads=N}.
 * Thread-safe.
 *
 * {@snippet :
 * byte[] hash = Offload.cpu(() -> argon2.hash(password));   // the request's virtual thread waits
 * try (Offload images = Offload.create(2)) {                 // a dedicated pool of two
 *     Image thumb = images.call(() -> scale(original, 128));
 * }
 * }
 */
public interface Offload extends AutoCloseable {
    /** Runs {@code work} on the shared CPU pool and returns its result; see the class description. */
    static <T> T cpu(Callable<T> work) {
        return RealOffload.SHARED.call(work);
    }

    /**
     * Creates a dedicated pool of {@code threads} daemon platform threads; close it when done.
     *
     * @throws IllegalArgumentException when {@code threads} is not positive
     */
    static Offload create(int threads) {
        return new RealOffload(threads, "weft-offload");
    }

    /**
     * Runs {@code work} on this pool and returns its result. Blocks the caller; checked exceptions
     * from the work arrive wrapped in {@link ExecutionFailed}.
     *
     * @throws IllegalStateException if the pool is closed
     */
    <T> T call(Callable<T> work);

    /** How many pieces of work may run at once. */
    int threads();

    /** Stops the pool's threads once the work already started has ended; later calls fail. */
    @Override
    void close();
}
