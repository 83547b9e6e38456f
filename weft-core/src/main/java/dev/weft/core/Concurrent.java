package dev.weft.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * asyncio's and Trio's fan-out helpers, each a {@link TaskGroup} underneath: {@link #gather} (all
 * results in order), {@link #race} (first success wins) and {@link #map} (bounded concurrency,
 * results in input order). Every call blocks its caller until all the tasks it started have ended,
 * so none outlives the call. Checked exceptions from bodies arrive wrapped in {@link ExecutionFailed}.
 * Thread-safe: static.
 *
 * {@snippet :
 * List<Page> pages = Concurrent.map(urls, 64, url -> http.get(url).as(Page.class));
 * var both = Concurrent.gather(() -> users.find(id), () -> orders.count(id));
 * String fastest = Concurrent.race(List.of(() -> fetch(mirrorA), () -> fetch(mirrorB)));
 * }
 */
public final class Concurrent {
    private Concurrent() {
    }

    /**
     * A function applied to each item by {@link #map}; it may block and may throw checked exceptions.
     * Called concurrently from several tasks, so it must be thread-safe.
     *
     * {@snippet :
     * Concurrent.Mapper<Path, String> read = Files::readString;   // throws IOException: allowed
     * List<String> texts = Concurrent.map(paths, 8, read);
     * }
     */
    @FunctionalInterface
    public interface Mapper<T, R> {
        /** Maps one item; called on a task's virtual thread. */
        R apply(T item) throws Exception;
    }

    /**
     * Runs every body concurrently and returns their results in the order of {@code bodies}
     * (asyncio's {@code gather}). The first failure cancels the other bodies and is thrown, with any
     * later failure suppressed. Results may be null; the returned list is unmodifiable.
     */
    public static <T> List<T> gather(List<? extends Callable<? extends T>> bodies) {
        Objects.requireNonNull(bodies, "bodies");
        List<Task<? extends T>> tasks = new ArrayList<>(bodies.size());
        try (var group = TaskGroup.open()) {
            for (Callable<? extends T> body : bodies) {
                tasks.add(group.spawn(Objects.requireNonNull(body, "a body in bodies is null")));
            }
            group.join();
        }
        List<T> results = new ArrayList<>(tasks.size());
        for (Task<? extends T> task : tasks) {
            results.add(task.result());
        }
        return Collections.unmodifiableList(results);
    }

    /** {@link #gather(List)} for bodies given one by one. */
    @SafeVarargs
    public static <T> List<T> gather(Callable<? extends T>... bodies) {
        List<Callable<? extends T>> list = new ArrayList<>(bodies.length);
        for (Callable<? extends T> body : bodies) {
            list.add(body);
        }
        return gather(list);
    }

    /**
     * Runs every body concurrently and returns the value of the first to succeed, cancelling the others
     * (Trio's racing idiom, asyncio's {@code wait(FIRST_COMPLETED)}). A body that fails does not end
     * the race.
     *
     * @throws AllFailed when every body failed; each failure is attached as suppressed, in the order
     *         the bodies were given
     * @throws IllegalArgumentException when {@code bodies} is empty
     */
    public static <T> T race(List<? extends Callable<? extends T>> bodies) {
        Objects.requireNonNull(bodies, "bodies");
        if (bodies.isEmpty()) {
            throw new IllegalArgumentException("race needs at least one body, got none");
        }
        var race = new Race<T>(bodies.size());
        try (var group = TaskGroup.open()) {
            for (int i = 0; i < bodies.size(); i++) {
                Callable<? extends T> body = Objects.requireNonNull(bodies.get(i), "a body in bodies is null");
                int index = i;
                group.spawn(() -> race.run(index, body, group));
            }
            group.join();
        }
        return race.outcome();
    }

    /**
     * Applies {@code fn} to every item with at most {@code concurrency} applications at once and
     * returns the results in the order of {@code items} (an unmodifiable list). The first failure
     * cancels the rest and is thrown.
     *
     * @throws IllegalArgumentException when {@code concurrency} is not positive
     */
    public static <T, R> List<R> map(Collection<? extends T> items, int concurrency, Mapper<? super T, ? extends R> fn) {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(fn, "fn");
        if (concurrency <= 0) {
            throw new IllegalArgumentException("concurrency <= 0: " + concurrency);
        }
        List<? extends T> input = new ArrayList<>(items);
        Object[] results = new Object[input.size()];
        AtomicInteger next = new AtomicInteger();
        try (var group = TaskGroup.open()) {
            // A fixed crew of workers pulling indexes keeps memory flat for a million items.
            int workers = Math.min(concurrency, input.size());
            for (int w = 0; w < workers; w++) {
                group.spawn(() -> {
                    for (int i = next.getAndIncrement(); i < results.length; i = next.getAndIncrement()) {
                        Cancellation.check();
                        results[i] = fn.apply(input.get(i));
                    }
                });
            }
            group.join();
        }
        @SuppressWarnings("unchecked")
        List<R> list = (List<R>) Arrays.asList(results);
        return Collections.unmodifiableList(list);
    }

    /** The shared state of one {@link #race}: the winner, or every failure in input order. */
    private static final class Race<T> {
        private final ReentrantLock lock = new ReentrantLock();
        private final Throwable[] failures;
        private boolean won;
        private T winner;

        Race(int size) {
            failures = new Throwable[size];
        }

        Void run(int index, Callable<? extends T> body, TaskGroup group) throws Exception {
            T value;
            try {
                value = body.call();
            } catch (Throwable t) {
                if (Cancellation.isCancelled() && Scope.causedByCancellation(t)) {
                    throw t;            // lost the race (or the caller was cancelled): not a failure
                }
                lock.lock();
                try {
                    failures[index] = t;
                } finally {
                    lock.unlock();
                }
                return null;
            }
            lock.lock();
            try {
                if (won) {
                    return null;
                }
                won = true;
                winner = value;
            } finally {
                lock.unlock();
            }
            group.cancel();
            return null;
        }

        T outcome() {
            lock.lock();
            try {
                if (won) {
                    return winner;
                }
                AllFailed all = new AllFailed("all " + failures.length + " bodies of the race failed");
                for (Throwable failure : failures) {
                    if (failure != null) {
                        all.addSuppressed(failure);
                    }
                }
                throw all;
            } finally {
                lock.unlock();
            }
        }
    }
}
