package dev.weft.core;

/**
 * A body that returns nothing and may throw checked exceptions: the {@code void} twin of
 * {@link java.util.concurrent.Callable}, so that blocking code such as {@code Thread.sleep} needs
 * no {@code try}/{@code catch} inside a task.
 *
 * {@snippet :
 * try (var group = TaskGroup.open()) {
 *     group.spawn(() -> Thread.sleep(100));   // a CheckedRunnable
 *     group.join();
 * }
 * }
 */
@FunctionalInterface
public interface CheckedRunnable {
    /** Runs the body; called once, on the thread Weft chose for it. */
    void run() throws Exception;
}
