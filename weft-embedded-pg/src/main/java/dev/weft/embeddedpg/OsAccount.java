package dev.weft.embeddedpg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The operating-system account initdb and postgres run as. PostgreSQL refuses to run as root, so when
 * this JVM is root (as in CI containers) they run as {@code nobody} through {@code setpriv} (or
 * {@code runuser}), and the fixture hands that account the files it must write. Otherwise they run as
 * the JVM's own user and nothing changes hands. Immutable.
 *
 * @param switchUser whether commands run as another account than the JVM's
 * @param uid        the account's user id
 * @param gid        the account's group id
 * @param name       the account's name
 */
record OsAccount(boolean switchUser, int uid, int gid, String name) {
    private static final String UNPRIVILEGED = "nobody";

    /** The account for this JVM: itself, or {@code nobody} when it is root. */
    static OsAccount detect() {
        int uid = currentUid();
        if (uid != 0) {
            return new OsAccount(false, uid, -1, System.getProperty("user.name"));
        }
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] fields = line.split(":", -1);
                if (fields.length > 3 && fields[0].equals(UNPRIVILEGED)) {
                    return new OsAccount(true, Integer.parseInt(fields[2]), Integer.parseInt(fields[3]), UNPRIVILEGED);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new EmbeddedPostgresException("running as root, PostgreSQL must run as an unprivileged "
                    + "user, but /etc/passwd could not be read for '" + UNPRIVILEGED + "'", e);
        }
        throw new EmbeddedPostgresException("running as root, PostgreSQL must run as an unprivileged user, "
                + "but there is no '" + UNPRIVILEGED + "' account in /etc/passwd");
    }

    /** The real user id of this JVM (the owner of {@code /proc/self}). */
    static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            throw new EmbeddedPostgresException("cannot read this process's user id from /proc/self "
                    + "(weft-embedded-pg supports Linux only)", e);
        }
    }

    /** {@code command} prefixed so that it runs as this account. */
    List<String> command(List<String> command) {
        if (!switchUser) {
            return command;
        }
        var wrapped = new ArrayList<String>();
        Path setpriv = findExecutable("setpriv");
        if (setpriv != null) {
            wrapped.addAll(List.of(setpriv.toString(), "--reuid=" + uid, "--regid=" + gid, "--clear-groups"));
        } else {
            Path runuser = findExecutable("runuser");
            if (runuser == null) {
                throw new EmbeddedPostgresException("running as root, PostgreSQL must run as '" + name
                        + "', which needs setpriv or runuser (util-linux); neither is installed");
            }
            wrapped.addAll(List.of(runuser.toString(), "-u", name, "--"));
        }
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives {@code path} to this account (a no-op when commands run as the JVM's own user). */
    void own(Path path) throws IOException {
        if (switchUser) {
            Files.setAttribute(path, "unix:uid", uid);
            Files.setAttribute(path, "unix:gid", gid);
        }
    }

    /** {@code name} in the system binary directories, or null. */
    static Path findExecutable(String name) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
