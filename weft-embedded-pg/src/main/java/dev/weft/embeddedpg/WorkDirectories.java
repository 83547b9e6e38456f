package dev.weft.embeddedpg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The per-server work directories under {@code run/}. Each records the JVM that owns it (pid and start
 * time, so a recycled pid is not mistaken for the owner); a directory whose owner is gone was left by
 * a JVM that died before its shutdown hook ran, and is deleted at the next start. Its server is gone
 * by then too: the watchdog stopped it when the dead JVM's pipe closed. Stateless.
 */
final class WorkDirectories {
    private static final String OWNER_FILE = "owner";
    /** A directory without an owner file is being made right now, or was abandoned mid-way long ago. */
    private static final Duration UNCLAIMED_AGE = Duration.ofMinutes(30);

    private static final long START_TIME_TOLERANCE_MILLIS = 2_000;

    private WorkDirectories() {
    }

    /** A fresh work directory owned by this JVM, enterable by {@code account}. */
    static Path create(Path runRoot, OsAccount account) {
        try {
            Path work = Files.createTempDirectory(runRoot, "pg-");
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString(account.switchUser() ? "rwxr-xr-x" : "rwx------"));
            Files.writeString(work.resolve(OWNER_FILE), ownerStamp(ProcessHandle.current()), StandardCharsets.UTF_8);
            return work;
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot create a work directory under " + runRoot + ": " + e, e);
        }
    }

    /** Deletes the work directories whose owning JVM has exited; never throws. */
    static void sweepAbandoned(Path runRoot) {
        try (var dirs = Files.newDirectoryStream(runRoot, "pg-*")) {
            for (Path dir : dirs) {
                try {
                    if (abandoned(dir) && !serverAlive(dir)) {
                        FileTrees.deleteQuietly(dir);
                    }
                } catch (IOException | RuntimeException e) {
                    // unreadable or foreign: leave it alone
                }
            }
        } catch (IOException ignored) {
            // sweeping is hygiene; a failure here must not stop a server from starting
        }
    }

    private static boolean abandoned(Path dir) throws IOException {
        Path owner = dir.resolve(OWNER_FILE);
        if (!Files.exists(owner)) {
            FileTime modified = Files.getLastModifiedTime(dir);
            return modified.toInstant().isBefore(Instant.now().minus(UNCLAIMED_AGE));
        }
        String[] stamp = Files.readString(owner, StandardCharsets.UTF_8).trim().split(" ");
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(stamp[0]));
        if (process.isEmpty()) {
            return true;
        }
        // the pid lives: it is another process only if both start times are known and clearly differ
        // (deleting a live server's directory would be far worse than keeping a dead one's a while)
        long recorded = Long.parseLong(stamp[1]);
        long actual = startMillis(process.get());
        return recorded != 0 && actual != 0 && Math.abs(recorded - actual) > START_TIME_TOLERANCE_MILLIS;
    }

    /** Whether the postmaster named in the data directory's lock file still runs (then leave it alone). */
    private static boolean serverAlive(Path dir) {
        try {
            Path pidFile = dir.resolve("data/postmaster.pid");
            if (!Files.exists(pidFile)) {
                return false;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false; // unreadable or half-written: treat as gone
        }
    }

    private static String ownerStamp(ProcessHandle process) {
        return process.pid() + " " + startMillis(process);
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }
}
