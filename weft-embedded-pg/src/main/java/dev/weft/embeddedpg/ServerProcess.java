package dev.weft.embeddedpg;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running {@code postgres} under a small shell watchdog. The watchdog starts postgres in the
 * background and waits on its own standard input, a pipe from this JVM: when the pipe closes, because
 * {@link #stop} closed it or because the JVM died however abruptly, the watchdog sends postgres SIGINT
 * (fast shutdown). So a crashed or killed JVM never leaves a server running. When postgres exits by
 * itself the watchdog exits with its status. Output goes to the log file, never to a pipe that could
 * fill up. The watchdog runs in a session of its own ({@code setsid}, when util-linux has it): a
 * terminal's Ctrl-C reaches the JVM's process group, and must not stop the server under an
 * application that is still draining its requests. Thread-safe.
 */
final class ServerProcess {
    private static final String WATCHDOG = """
            exec 3<&0
            "$@" </dev/null 3<&- &
            server=$!
            { read -r _ <&3; kill -INT "$server" 2>/dev/null; } &
            watcher=$!
            exec 3<&-
            wait "$server"
            status=$?
            kill "$watcher" 2>/dev/null
            exit "$status"
            """;

    private final Process process;

    private ServerProcess(Process process) {
        this.process = process;
    }

    /** Starts {@code postgres -D dataDir -p port} as {@code account}, appending its output to {@code log}. */
    static ServerProcess start(Path installDir, Path dataDir, int port, Path log, OsAccount account) throws IOException {
        var command = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "weft-pg-watchdog",
                installDir.resolve("bin/postgres").toString(), "-D", dataDir.toString(), "-p", Integer.toString(port)));
        var wrapped = new ArrayList<String>();
        Path setsid = OsAccount.findExecutable("setsid");
        if (setsid != null) {
            wrapped.addAll(List.of(setsid.toString(), "--wait")); // --wait: should setsid fork, it still reports the status
        }
        wrapped.addAll(account.command(command));
        var builder = new ProcessBuilder(wrapped)
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile()));
        return new ServerProcess(builder.start());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code time} for the watchdog to exit; true if it has. */
    boolean awaitExit(Duration time) throws InterruptedException {
        return process.waitFor(time.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Asks for a fast shutdown and waits up to {@code grace} for it; then kills the server and its
     * backends outright. Never throws; keeps the thread's interrupt status.
     */
    void stop(Duration grace) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the watchdog is gone already; the kill below covers whatever it left
        }
        boolean interrupted = false;
        try {
            if (awaitExit(grace)) {
                return;
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a short command (initdb, postgres --version) to completion, output appended to {@code log}. */
    static void run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile())).start();
        child.getOutputStream().close();
        if (!child.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
            throw new EmbeddedPostgresException(String.join(" ", command) + " did not finish within " + timeout
                    + "; its output:\n" + tail(log));
        }
        if (child.exitValue() != 0) {
            throw new EmbeddedPostgresException(String.join(" ", command) + " failed with exit status "
                    + child.exitValue() + "; its output:\n" + tail(log));
        }
    }

    /** The last lines of a log file, for error messages. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
