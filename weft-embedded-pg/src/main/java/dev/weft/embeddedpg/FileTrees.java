package dev.weft.embeddedpg;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The directories the fixture owns and how it makes and removes them. Both live under
 * {@code weft-embedded-pg-<uid>} in the temporary directory unless configured: {@code binaries/} (the
 * unpack cache) and {@code run/} (one work directory per server). They must belong to this JVM's user
 * and be writable by nobody else, since the temporary directory is shared with every local user; as
 * root they must also be traversable by the account the server runs as.
 */
final class FileTrees {
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> TRAVERSABLE = PosixFilePermissions.fromString("rwxr-xr-x");

    private FileTrees() {
    }

    /** The unpack cache: {@code configured}, the system property {@code weft.embeddedpg.cache}, or the default. */
    static Path cacheRoot(Path configured, OsAccount account) {
        String property = System.getProperty("weft.embeddedpg.cache");
        Path root = configured != null ? configured
                : property != null && !property.isBlank() ? Path.of(property)
                : ownedDirectory(base(account), account).resolve("binaries");
        return ownedDirectory(root, account);
    }

    /** The parent of the servers' work directories: {@code configured} or the default. */
    static Path runRoot(Path configured, OsAccount account) {
        return ownedDirectory(configured != null ? configured : ownedDirectory(base(account), account).resolve("run"), account);
    }

    private static Path base(OsAccount account) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir", "/tmp")).toAbsolutePath();
        if (account.switchUser() && !traversableByOthers(tmp)) {
            tmp = Path.of("/tmp"); // root's private java.io.tmpdir cannot be entered by the server's account
        }
        return tmp.resolve("weft-embedded-pg-" + OsAccount.currentUid());
    }

    /**
     * Creates {@code dir} if needed and checks that only this JVM's user can write it. The default base
     * directory is checked too: whoever owns a parent can swap what is inside it.
     */
    static Path ownedDirectory(Path dir, OsAccount account) {
        try {
            Path absolute = dir.toAbsolutePath().normalize(); // as postgres reports data_directory
            Files.createDirectories(absolute);
            int owner = (Integer) Files.getAttribute(absolute, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (owner != OsAccount.currentUid() || Files.isSymbolicLink(absolute)) {
                throw new EmbeddedPostgresException(absolute + " belongs to uid " + owner
                        + " (or is a symbolic link), not to this process; remove it or configure another directory");
            }
            Files.setPosixFilePermissions(absolute, account.switchUser() ? TRAVERSABLE : PRIVATE);
            if (account.switchUser() && !traversableByOthers(absolute)) {
                throw new EmbeddedPostgresException(absolute + " cannot be entered by user " + account.name()
                        + ", which PostgreSQL runs as under root: let others enter (o+x) every directory above it, "
                        + "or configure one under /tmp");
            }
            return absolute;
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot prepare directory " + dir + ": " + e, e);
        }
    }

    private static boolean traversableByOthers(Path dir) {
        try {
            for (Path p = dir.toRealPath(); p != null; p = p.getParent()) {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes {@code root} and everything under it (without following links); failures are ignored. */
    static void deleteQuietly(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort: what is left sits in the temporary directory and is swept at the next start
        }
    }
}
