package dev.weft.embeddedpg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cache and work directories live in a shared temporary directory: only ours are used. */
class FileTreesTest {
    @TempDir
    Path tmp;

    private final OsAccount account = OsAccount.detect();

    @Test
    void aDirectoryOwnedBySomeoneElseIsRefused() throws IOException {
        Path foreign;
        if (OsAccount.currentUid() == 0) {
            foreign = Files.createDirectory(tmp.resolve("foreign"));
            Files.setAttribute(foreign, "unix:uid", 65_534);
        } else {
            foreign = Path.of("/tmp"); // root's
        }
        assertThatThrownBy(() -> FileTrees.ownedDirectory(foreign, account))
                .isInstanceOf(EmbeddedPostgresException.class).hasMessageContaining("belongs to uid");
    }

    @Test
    void aSymbolicLinkIsRefusedEvenToOurOwnDirectory() throws IOException {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        assertThatThrownBy(() -> FileTrees.ownedDirectory(link, account))
                .isInstanceOf(EmbeddedPostgresException.class).hasMessageContaining("symbolic link");
    }

    @Test
    void ourDirectoryIsClosedToOthersForWritingAndOpenForEntryOnlyWhenTheServerRunsAsAnotherUser() {
        Path dir = FileTrees.ownedDirectory(tmp, account);
        var permissions = uncheckedPermissions(dir);
        assertThat(permissions).doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
        assertThat(permissions.contains(PosixFilePermission.OTHERS_EXECUTE)).isEqualTo(account.switchUser());
    }

    @Test
    void underRootADirectoryTheServerCannotEnterIsRefused() throws IOException {
        Path hidden = Files.createDirectory(tmp.resolve("hidden"));
        Files.setPosixFilePermissions(hidden, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        Path inside = hidden.resolve("work");
        if (account.switchUser()) {
            assertThatThrownBy(() -> FileTrees.ownedDirectory(inside, account))
                    .isInstanceOf(EmbeddedPostgresException.class).hasMessageContaining("cannot be entered by user nobody");
        } else {
            assertThat(FileTrees.ownedDirectory(inside, account)).isDirectory();
        }
    }

    @Test
    void deleteQuietlyRemovesATreeWithoutFollowingLinks() throws IOException {
        Path outside = Files.writeString(tmp.resolve("keep.txt"), "keep");
        Path tree = Files.createDirectories(tmp.resolve("tree/sub"));
        Files.writeString(tree.resolve("file"), "x");
        Files.createSymbolicLink(tree.resolve("link"), outside);
        FileTrees.deleteQuietly(tmp.resolve("tree"));
        assertThat(tmp.resolve("tree")).doesNotExist();
        assertThat(outside).hasContent("keep");
    }

    private static Set<PosixFilePermission> uncheckedPermissions(Path dir) {
        try {
            return Files.getPosixFilePermissions(dir);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
