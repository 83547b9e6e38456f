package dev.weft.embeddedpg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Sweeping work directories: only those whose owning JVM is provably gone. */
class WorkDirectoriesTest {
    @TempDir
    Path run;

    @Test
    void aDirectoryOfThisJvmIsKept() {
        Path mine = WorkDirectories.create(run, OsAccount.detect());
        WorkDirectories.sweepAbandoned(run);
        assertThat(mine).isDirectory();
    }

    @Test
    void aDirectoryWhoseOwnerExitedIsSwept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path dir = owned("pg-dead", gone.pid() + " 0");
        Files.createDirectories(dir.resolve("data/base"));
        WorkDirectories.sweepAbandoned(run);
        assertThat(dir).doesNotExist();
    }

    @Test
    void aRecycledPidWithAnotherStartTimeIsNotMistakenForTheOwner() throws IOException {
        long started = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
        Path dir = owned("pg-recycled", ProcessHandle.current().pid() + " " + (started - 3_600_000));
        WorkDirectories.sweepAbandoned(run);
        assertThat(dir).doesNotExist();
    }

    @Test
    void anUnclaimedDirectoryIsKeptWhileFreshAndSweptWhenOld() throws IOException {
        Path fresh = Files.createDirectory(run.resolve("pg-fresh"));
        Path old = Files.createDirectory(run.resolve("pg-old"));
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        WorkDirectories.sweepAbandoned(run);
        assertThat(fresh).isDirectory();
        assertThat(old).doesNotExist();
    }

    @Test
    void anUnreadableOwnerStampLeavesTheDirectoryAlone() throws IOException {
        Path dir = owned("pg-garbage", "not a pid");
        Path other = Files.createDirectory(run.resolve("unrelated"));
        WorkDirectories.sweepAbandoned(run);
        assertThat(dir).isDirectory();
        assertThat(other).isDirectory();
    }

    private Path owned(String name, String stamp) throws IOException {
        Path dir = Files.createDirectory(run.resolve(name));
        Files.writeString(dir.resolve("owner"), stamp);
        return dir;
    }
}
