package dev.weft.examples.fetch;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A one-line progress bar redrawn in place ({@code \r}) as tasks finish: {@code [#####.....] 5/10 (1 failed)}.
 * Thread-safe: any number of workers may call {@link #done(boolean)} at once.
 */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final int total;
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final ReentrantLock drawing = new ReentrantLock();

    ProgressBar(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    void done(boolean ok) {
        if (!ok) {
            failed.incrementAndGet();
        }
        int now = finished.incrementAndGet();
        drawing.lock();
        try {
            int filled = total == 0 ? WIDTH : now * WIDTH / total;
            String failures = failed.get() == 0 ? "" : " (" + failed.get() + " failed)";
            out.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + now + "/" + total + failures);
            if (now == total) {
                out.println();
            }
            out.flush();
        } finally {
            drawing.unlock();
        }
    }
}
