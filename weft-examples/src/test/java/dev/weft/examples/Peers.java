package dev.weft.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real peers the end-to-end tests talk through: curl, Debian's Python with its libraries, and node. */
final class Peers {
    private Peers() {
    }

    /** What a peer printed and how it exited. */
    record Output(int exitCode, String stdout, String stderr) {
    }

    /** Runs curl with {@code -s -i} (status line and headers, then the body) and the given arguments. */
    static Output curl(String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-i", "--max-time", "20"));
        command.addAll(List.of(args));
        return run(command);
    }

    /** Runs node in {@code directory} with {@code environment} added, waiting at most {@code timeout}. */
    static Output node(Path directory, Map<String, String> environment, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().putAll(environment);
        return run(builder, timeout);
    }

    /** Runs a Python program with Debian's interpreter, which has aiohttp and websockets installed. */
    static Output python(String program, String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c", program));
        command.addAll(List.of(args));
        return run(command);
    }

    private static Output run(List<String> command) {
        return run(new ProcessBuilder(command), Duration.ofSeconds(60));
    }

    private static Output run(ProcessBuilder builder, Duration timeout) {
        List<String> command = builder.command();
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[][] streams = new byte[2][];
            Thread out = Thread.ofVirtual().start(() -> streams[0] = readAll(process.getInputStream()));
            Thread err = Thread.ofVirtual().start(() -> streams[1] = readAll(process.getErrorStream()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("peer did not finish in " + timeout + ": " + command);
            }
            out.join();
            err.join();
            return new Output(process.exitValue(), new String(streams[0], StandardCharsets.UTF_8),
                    new String(streams[1], StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.getFirst() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return ("<unreadable: " + e + ">").getBytes(StandardCharsets.UTF_8);
        }
    }
}
