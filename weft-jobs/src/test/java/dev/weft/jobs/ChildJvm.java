package dev.weft.jobs;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A second JVM running a main class of these tests on the test class path, with its output (stdout and
 * stderr merged) collected line by line for the test to wait on. Closing it kills it.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean ended;

    private ChildJvm(Process process) {
        this.process = process;
        Thread.ofVirtual().start(this::collect);
    }

    /** Starts {@code mainClass} with {@code args} on this JVM's test class path. */
    static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
        // The test JVM runs weft-jobs (patched with its tests) and its dependencies from the module path;
        // the child takes the same directories and jars as a class path.
        String classpath = Stream.of(location(Jobs.class), location(mainClass), System.getProperty("jdk.module.path", ""),
                        System.getProperty("java.class.path", ""))
                .filter(p -> !p.isEmpty()).distinct().collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classpath, mainClass.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        return new ChildJvm(process);
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for a line starting with {@code prefix} and returns it; fails with the output after {@code timeout}. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                for (String line : lines) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
                long left = end - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError("no line starting with '" + prefix + "' within " + timeout
                            + (ended ? " (the JVM ended)" : "") + "; output:\n" + String.join("\n", lines));
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Kills the JVM at once (SIGKILL: no shutdown hook, no finally) and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the child JVM did not die");
        }
    }

    private void collect() {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lock.lock();
                try {
                    lines.add(line);
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            if (process.isAlive()) {
                throw new UncheckedIOException(e);
            }
            // killed: destroying the process closed its output under the reader; nothing more will come
        } finally {
            lock.lock();
            try {
                ended = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
