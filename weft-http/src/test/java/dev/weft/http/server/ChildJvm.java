package dev.weft.http.server;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A child JVM running a main class of these tests, its output read on its own thread (so that a stuck
 * child fails a test instead of hanging it) and kept whole for assertion messages.
 */
final class ChildJvm implements AutoCloseable {
    final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder output = new StringBuilder();
    private final Thread reader;

    private ChildJvm(Process process) {
        this.process = process;
        this.reader = Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // The child is gone.
            }
        });
    }

    /** Starts {@code main} with {@code jvmOptions}, stderr merged into the output. */
    static ChildJvm start(Class<?> main, String... jvmOptions) throws Exception {
        // The test JVM runs the module from the module path; the child takes the same jars as a class path.
        String path = Stream.of(location(WebApp.class), location(main),
                        System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""))
                .filter(p -> !p.isEmpty()).reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", path, main.getName()));
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** The first line from now on that {@code pattern} finds, or null if none came within {@code timeout}. */
    Matcher awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line != null) {
                output.append(line).append('\n');
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
        }
        return null;
    }

    /** The serving port the child announces ({@link HttpServer#run} logs it), or -1 after {@code timeout}. */
    int awaitPort(Duration timeout) throws InterruptedException {
        Matcher m = awaitLine(Pattern.compile("serving on /127\\.0\\.0\\.1:(\\d+)"), timeout);
        return m == null ? -1 : Integer.parseInt(m.group(1));
    }

    /** Everything the child printed, once it has exited (or what came so far if its output does not end in time). */
    String output(Duration timeout) throws InterruptedException {
        reader.join(timeout);
        for (String line; (line = lines.poll()) != null; ) {
            output.append(line).append('\n');
        }
        return output.toString();
    }

    /** The output read so far, for assertion messages. */
    @Override
    public String toString() {
        return output.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
