package dev.weft.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM running one of the examples' main classes (on this test's class path, or from the runnable jar),
 * in a process group of its own as a terminal would start it, with its output collected line by line for
 * tests to wait on.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int openStreams = 2;

    private ChildJvm(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> collect(process.getInputStream(), "out: "));
        Thread.ofVirtual().start(() -> collect(process.getErrorStream(), "err: "));
    }

    /** Starts {@code mainClass} on this test's class path with {@code env} added to this JVM's environment. */
    static ChildJvm start(Class<?> mainClass, Map<String, String> env, String... args) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> javaArgs = new ArrayList<>(List.of("-cp", classpath, mainClass.getName()));
        javaArgs.addAll(List.of(args));
        return launch(javaArgs, env);
    }

    /** Starts {@code java -jar jar} with {@code env} added to this JVM's environment. */
    static ChildJvm startJar(Path jar, Map<String, String> env) throws IOException {
        return launch(List.of("-jar", jar.toString()), env);
    }

    private static ChildJvm launch(List<String> javaArgs, Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("setsid", java));
        command.addAll(javaArgs);
        var builder = new ProcessBuilder(command);
        builder.environment().remove("DATABASE_URL");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        return new ChildJvm(process);
    }

    long pid() {
        return process.pid();
    }

    /** Sends {@code signal} (TERM, INT) to the JVM alone, or to its whole process group as a terminal's Ctrl-C does. */
    void signal(String signal, boolean wholeGroup) throws IOException, InterruptedException {
        String target = wholeGroup ? "-" + pid() : Long.toString(pid());
        Process kill = new ProcessBuilder("kill", "-" + signal, "--", target).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + signal + " " + target + " failed");
        }
    }

    /** The first group of {@code pattern} in the first line that has it, waiting up to {@code timeout} for one. */
    String await(Pattern pattern, Duration timeout) throws InterruptedException {
        Optional<String> line = awaitLine(l -> pattern.matcher(l).find(), timeout);
        if (line.isEmpty()) {
            throw new AssertionError("no line matching " + pattern + " within " + timeout + "; output:\n" + output());
        }
        Matcher m = pattern.matcher(line.get());
        m.find();
        return m.groupCount() > 0 ? m.group(1) : m.group();
    }

    private Optional<String> awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            for (;;) {
                Optional<String> found = lines.stream().filter(wanted).findFirst();
                long left = end - System.nanoTime();
                if (found.isPresent() || openStreams == 0 || left <= 0) {
                    return found;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the JVM to exit and returns its status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new AssertionError("the JVM did not exit within " + timeout + "; output:\n" + output());
        }
        awaitLine(l -> false, Duration.ofSeconds(10)); // the rest of its output
        return process.exitValue();
    }

    /** Everything it printed so far, each line prefixed by {@code out: } or {@code err: }. */
    String output() {
        lock.lock();
        try {
            return String.join("\n", lines);
        } finally {
            lock.unlock();
        }
    }

    private void collect(InputStream stream, String prefix) {
        try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                add(prefix + line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.lock();
            try {
                openStreams--;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void add(String line) {
        lock.lock();
        try {
            lines.add(line);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
