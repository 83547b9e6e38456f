package dev.weft.pg.connection;

import dev.weft.core.Cancelled;
import dev.weft.pg.codec.WriteBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The write side of a session: callers append their messages to a shared buffer under the session's
 * lock (so byte order and pipeline order agree); whoever appends while no one is writing becomes the
 * writer and drains the buffer outside the lock, batching everything appended meanwhile into one write.
 * Thread-safe under the session's lock, which it shares.
 */
final class BatchWriter {
    private static final int BUFFER_SIZE = 16 * 1024;
    /** Bytes that may wait behind a write in progress before COPY senders wait; a burst's bigger buffer is let go. */
    static final int MAX_RETAINED_BUFFER = 1024 * 1024;

    private final ReentrantLock lock;
    private final Condition idle;
    private final OutputStream out;
    private final Consumer<IOException> onFailure;
    private WriteBuffer pending = new WriteBuffer(BUFFER_SIZE);
    private WriteBuffer spare = new WriteBuffer(BUFFER_SIZE);
    private boolean writing;
    private boolean stopped;

    /** {@code onFailure} runs (outside the lock) when a write fails; the session then breaks. */
    BatchWriter(ReentrantLock lock, OutputStream out, Consumer<IOException> onFailure) {
        this.lock = lock;
        this.idle = lock.newCondition();
        this.out = out;
        this.onFailure = onFailure;
    }

    /** Under the lock: appends bytes; returns whether the caller became the writer and must {@link #drain()}. */
    boolean append(byte[] bytes, int length) {
        pending.writeBytes(bytes, 0, length);
        boolean becomeWriter = !writing;
        writing = true;
        return becomeWriter;
    }

    /**
     * Under the lock: waits while another thread writes and at least {@link #MAX_RETAINED_BUFFER} bytes
     * already wait behind it, so that a COPY's memory stays bounded; returns early once {@link #stop()}ped.
     */
    void awaitRoom() {
        while (writing && pending.position() >= MAX_RETAINED_BUFFER && !stopped) {
            try {
                idle.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Cancelled("interrupted while sending COPY data", e);
            }
        }
    }

    /** Under the lock: whether a write is under way (then a Terminate must not be interleaved). */
    boolean isWriting() {
        return writing;
    }

    /** Under the lock: the session broke or closed; the writer stops after its current write. */
    void stop() {
        stopped = true;
        idle.signalAll();
    }

    /** Called by the writer, without the lock: writes batches until nothing is pending. */
    void drain() {
        while (true) {
            WriteBuffer batch;
            lock.lock();
            try {
                if (pending.position() == 0 || stopped) {
                    writing = false;
                    idle.signalAll();
                    return;
                }
                batch = pending;
                pending = spare;
                spare = batch;
            } finally {
                lock.unlock();
            }
            try {
                out.write(batch.array(), 0, batch.position());
                out.flush();
            } catch (IOException e) {
                onFailure.accept(e);
            } finally {
                batch.clear();
                if (batch.array().length > MAX_RETAINED_BUFFER) {
                    spare = new WriteBuffer(BUFFER_SIZE); // batch is the spare now; let a burst's buffer go
                }
            }
        }
    }
}
