package dev.weft.examples;

import dev.weft.embeddedpg.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops and restarts an embedded server on its data directory and port with PostgreSQL's own
 * {@code pg_ctl}, as an operator would: the outage tests need the server gone and back with its data.
 * Runs {@code pg_ctl} as the data directory's owner ({@code setpriv} when this JVM is root).
 */
final class PgControl {
    private final EmbeddedPostgres server;
    private final Path pgCtl;

    PgControl(EmbeddedPostgres server) throws IOException {
        this.server = server;
        String postmaster = Files.readAllLines(server.dataDirectory().resolve("postmaster.pid")).getFirst().strip();
        this.pgCtl = Files.readSymbolicLink(Path.of("/proc", postmaster, "exe")).resolveSibling("pg_ctl");
    }

    /** A fast shutdown: sessions are terminated, the server is gone once this returns. */
    void stop() throws IOException, InterruptedException {
        run("stop", "-D", server.dataDirectory().toString(), "-m", "fast", "-w", "-t", "60");
    }

    /** Starts the server again on its port; it accepts connections once this returns. */
    void start() throws IOException, InterruptedException {
        run("start", "-D", server.dataDirectory().toString(), "-w", "-t", "60",
                "-l", server.dataDirectory().resolve("restarted.log").toString(), "-o", "-p " + server.port());
    }

    private void run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        int owner = (Integer) Files.getAttribute(server.dataDirectory(), "unix:uid");
        if ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") != owner) {
            int group = (Integer) Files.getAttribute(server.dataDirectory(), "unix:gid");
            command.addAll(List.of("setpriv", "--reuid=" + owner, "--regid=" + group, "--clear-groups"));
        }
        command.add(pgCtl.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError("pg_ctl " + String.join(" ", args) + " failed; server log:\n"
                    + Files.readString(server.logFile()));
        }
    }
}
