package dev.weft.pg.connection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Looks a password up in a libpq password file ({@code hostname:port:database:username:password},
 * {@code *} matching anything, {@code \:} and {@code \\} escaped). Like libpq, a file readable by group
 * or others is ignored.
 */
final class PgPass {
    private PgPass() {
    }

    /** The first matching password, or null. */
    static String lookup(Path file, String host, int port, String database, String user) {
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                return null;
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: libpq skips the check there too.
        }
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> f = split(line);
                if (f.size() == 5 && matches(f.get(0), host) && matches(f.get(1), Integer.toString(port))
                        && matches(f.get(2), database) && matches(f.get(3), user)) {
                    return f.get(4);
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value);
    }

    private static List<String> split(String line) {
        var fields = new ArrayList<String>();
        var current = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                current.append(line.charAt(++i));
            } else if (c == ':' && fields.size() < 4) {
                fields.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(current.toString());
        return fields;
    }
}
