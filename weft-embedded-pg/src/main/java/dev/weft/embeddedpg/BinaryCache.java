package dev.weft.embeddedpg;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unpacks binary archives once into a cache directory named after the archive's SHA-256, so that
 * every later start (in this JVM or another) reuses them. Two JVMs unpacking at once are safe: each
 * unpacks into its own temporary sibling and renames it into place atomically; the loser deletes its
 * copy. Everything unpacked is readable by all, because as root the server runs as {@code nobody}.
 * Thread-safe.
 */
final class BinaryCache {
    /** Installations already made by this JVM, by archive source: hashing 15 MB once per JVM is enough. */
    private static final ConcurrentHashMap<String, Path> INSTALLED = new ConcurrentHashMap<>();
    private static final String STAGING_PREFIX = ".unpacking-";
    /** Far longer than any unpack takes, so a live JVM's staging directory is never swept. */
    private static final Duration STAGING_LIFETIME = Duration.ofHours(1);
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    private BinaryCache() {
    }

    /** The directory holding {@code bin/}, {@code lib/} and {@code share/} of {@code archive}, unpacking it if needed. */
    static Path install(BinaryArchive archive, Path cacheRoot) {
        // a temp-directory cleaner may have removed an installation this JVM made earlier
        return INSTALLED.compute(archive.source() + " -> " + cacheRoot, (key, known) ->
                known != null && Files.isExecutable(known.resolve("bin/postgres")) ? known : unpack(archive, cacheRoot));
    }

    /** Unpacks {@code archive} under {@code cacheRoot} unless an earlier unpack (by any JVM) is there already. */
    static Path unpack(BinaryArchive archive, Path cacheRoot) {
        Path staging = null;
        try {
            byte[] bytes;
            try (InputStream in = archive.opener().open()) {
                bytes = in.readAllBytes();
            }
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            Path target = cacheRoot.resolve(hash.substring(0, 24));
            if (Files.isExecutable(target.resolve("bin/postgres"))) {
                return target;
            }
            sweepStaleStaging(cacheRoot);
            staging = Files.createTempDirectory(cacheRoot, STAGING_PREFIX);
            try (var tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(bytes)))) {
                extract(tar, staging);
            }
            Files.setPosixFilePermissions(staging, DIRECTORY);
            if (!Files.isExecutable(staging.resolve("bin/postgres")) || !Files.isExecutable(staging.resolve("bin/initdb"))) {
                throw new EmbeddedPostgresException(archive.source() + " holds no bin/postgres and bin/initdb");
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                staging = null;
            } catch (IOException e) {
                if (!Files.isExecutable(target.resolve("bin/postgres"))) { // not a JVM that won the race
                    throw e;
                }
            }
            return target;
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot unpack PostgreSQL binaries from " + archive.source()
                    + " into " + cacheRoot + ": " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        } finally {
            if (staging != null) {
                FileTrees.deleteQuietly(staging);
            }
        }
    }

    /** Deletes staging directories that a JVM which died while unpacking left behind. */
    private static void sweepStaleStaging(Path cacheRoot) throws IOException {
        Instant stale = Instant.now().minus(STAGING_LIFETIME);
        try (var leftovers = Files.newDirectoryStream(cacheRoot, STAGING_PREFIX + "*")) {
            for (Path leftover : leftovers) {
                if (Files.getLastModifiedTime(leftover).toInstant().isBefore(stale)) {
                    FileTrees.deleteQuietly(leftover);
                }
            }
        }
    }

    private static void extract(TarArchiveInputStream tar, Path root) throws IOException {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            Path path = inside(root, entry.getName());
            if (entry.isDirectory()) {
                Files.createDirectories(path);
                Files.setPosixFilePermissions(path, DIRECTORY);
            } else if (entry.isSymbolicLink()) {
                Files.createDirectories(path.getParent());
                if (!path.getParent().resolve(entry.getLinkName()).normalize().startsWith(root)) {
                    throw new EmbeddedPostgresException("archive link escapes its directory: " + entry.getName()
                            + " -> " + entry.getLinkName());
                }
                Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
            } else if (entry.isLink()) {
                Files.createDirectories(path.getParent());
                Files.copy(inside(root, entry.getLinkName()), path);
            } else if (entry.isFile()) {
                Files.createDirectories(path.getParent());
                Files.copy(tar, path);
                Files.setPosixFilePermissions(path, fileMode(entry.getMode()));
            }
        }
    }

    /** Resolves an archive path, refusing any that would escape the unpack directory. */
    private static Path inside(Path root, String name) {
        Path path = root.resolve(name).normalize();
        if (!path.startsWith(root)) {
            throw new EmbeddedPostgresException("archive entry escapes its directory: " + name);
        }
        return path;
    }

    /** The entry's permission bits for owner, plus read (and execute where the owner has it) for everyone. */
    private static Set<PosixFilePermission> fileMode(int mode) {
        var permissions = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0100) != 0) {
            permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return permissions;
    }
}
