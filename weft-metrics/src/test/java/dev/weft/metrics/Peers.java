package dev.weft.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real peers of these tests: curl, and Debian's Python with its prometheus_client. The streams
 * go through files, so a chatty peer never blocks on a full pipe.
 */
final class Peers {
    private Peers() {
    }

    /** What a peer printed and how it exited. */
    record Output(int exitCode, String stdout, String stderr) {
        /** The standard output, after checking that the peer succeeded. */
        String ok() {
            if (exitCode != 0) {
                throw new AssertionError("peer exited " + exitCode + ": " + stderr);
            }
            return stdout;
        }
    }

    /** Runs {@code curl -s --max-time 20} with {@code args}. */
    static Output curl(String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "--max-time", "20"));
        command.addAll(List.of(args));
        return run(command, "");
    }

    /** Runs a Python program with Debian's interpreter, {@code input} on its standard input. */
    static Output python(String program, String input) {
        return run(List.of("/usr/bin/python3", "-c", program), input);
    }

    private static Output run(List<String> command, String input) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("weft-metrics-peer");
            Path in = Files.writeString(dir.resolve("in"), input);
            Path out = dir.resolve("out");
            Path err = dir.resolve("err");
            Process process = new ProcessBuilder(command)
                    .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("peer did not finish in 60 s: " + command);
            }
            return new Output(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // A temporary file left behind harms no test.
        }
    }
}
