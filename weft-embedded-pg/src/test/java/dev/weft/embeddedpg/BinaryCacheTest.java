package dev.weft.embeddedpg;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unpacking crafted archives: atomic under races, readable by all, refusing to write outside. */
class BinaryCacheTest {
    @TempDir
    Path cache;

    @Test
    void concurrentUnpacksEndInOneDirectoryAndLeaveNoStaging() throws Exception {
        BinaryArchive archive = archive(entries -> {
            file(entries, "bin/postgres", "#!/bin/sh\n", 0755);
            file(entries, "bin/initdb", "#!/bin/sh\n", 0755);
            file(entries, "share/postgresql/postgres.bki", "data", 0644);
            link(entries, "lib/libpq.so", "libpq.so.5");
        });
        int racers = 4;
        var start = new CountDownLatch(1);
        var results = new ArrayList<Future<Path>>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < racers; i++) {
                Callable<Path> unpack = () -> {
                    start.await();
                    return BinaryCache.unpack(archive, cache);
                };
                results.add(executor.submit(unpack));
            }
            start.countDown();
        }
        Path installed = results.getFirst().get();
        for (Future<Path> result : results) {
            assertThat(result.get()).isEqualTo(installed);
        }
        try (var listing = Files.list(cache)) {
            assertThat(listing.toList()).containsExactly(installed);
        }
        assertThat(Files.getPosixFilePermissions(installed.resolve("bin/postgres")))
                .contains(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.getPosixFilePermissions(installed.resolve("share/postgresql/postgres.bki")))
                .contains(PosixFilePermission.OTHERS_READ).doesNotContain(PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.readSymbolicLink(installed.resolve("lib/libpq.so"))).isEqualTo(Path.of("libpq.so.5"));
    }

    @Test
    void anEntryEscapingTheDirectoryIsRefused() throws IOException {
        BinaryArchive archive = archive(entries -> {
            file(entries, "bin/postgres", "x", 0755);
            file(entries, "../escaped", "x", 0644);
        });
        assertThatThrownBy(() -> BinaryCache.unpack(archive, cache))
                .isInstanceOf(EmbeddedPostgresException.class).hasMessageContaining("../escaped");
        assertThat(cache.resolve("escaped")).doesNotExist();
        assertThat(cache).isEmptyDirectory();
    }

    @Test
    void aLinkEscapingTheDirectoryIsRefused() throws IOException {
        BinaryArchive archive = archive(entries -> link(entries, "lib/evil", "../../../etc/passwd"));
        assertThatThrownBy(() -> BinaryCache.unpack(archive, cache))
                .isInstanceOf(EmbeddedPostgresException.class).hasMessageContaining("lib/evil");
        assertThat(cache).isEmptyDirectory();
    }

    @Test
    void anArchiveWithoutTheServerIsRefused() throws IOException {
        BinaryArchive archive = archive(entries -> file(entries, "README", "not postgres", 0644));
        assertThatThrownBy(() -> BinaryCache.unpack(archive, cache))
                .isInstanceOf(EmbeddedPostgresException.class).hasMessageContaining("no bin/postgres");
        assertThat(cache).isEmptyDirectory();
    }

    @Test
    void stagingLeftByADeadJvmIsSweptButAFreshOneIsLeftAlone() throws IOException {
        Path stale = Files.createDirectory(cache.resolve(".unpacking-dead"));
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path fresh = Files.createDirectory(cache.resolve(".unpacking-busy"));
        BinaryArchive archive = archive(entries -> {
            file(entries, "bin/postgres", "x", 0755);
            file(entries, "bin/initdb", "x", 0755);
        });
        Path installed = BinaryCache.unpack(archive, cache);
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(installed.resolve("bin/initdb")).exists();
    }

    private interface Entries {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static BinaryArchive archive(Entries entries) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(new XZOutputStream(bytes, new LZMA2Options(1)))) {
            entries.write(tar);
        }
        byte[] archive = bytes.toByteArray();
        return new BinaryArchive("crafted.txz", 0, () -> new ByteArrayInputStream(archive));
    }

    private static void file(TarArchiveOutputStream tar, String name, String content, int mode) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        var entry = new TarArchiveEntry(name, true); // preserve "../" so the unpacker sees it
        entry.setSize(data.length);
        entry.setMode(mode);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, String name, String target) throws IOException {
        var entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

}
