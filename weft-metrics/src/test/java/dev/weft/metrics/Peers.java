package dev.weft.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real peers of these tests: curl, and Debian's Python with its prometheus_client. */
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
        try {
            Process process = new ProcessBuilder(command).start();
            byte[][] streams = new byte[2][];
            Thread out = Thread.ofVirtual().start(() -> streams[0] = readAll(process.getInputStream()));
            Thread err = Thread.ofVirtual().start(() -> streams[1] = readAll(process.getErrorStream()));
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("peer did not finish in 60 s: " + command);
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

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return ("<unreadable: " + e + ">").getBytes(StandardCharsets.UTF_8);
        }
    }
}
