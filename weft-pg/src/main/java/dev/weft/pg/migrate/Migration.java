package dev.weft.pg.migrate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One numbered SQL file of a {@link Migrations} set: {@code V3__add_email_index.sql} is version 3,
 * described as "add email index". The checksum is the SHA-256 of the text with line endings made
 * {@code \n}, so a checkout that turns them into {@code \r\n} does not count as a change. Immutable.
 *
 * {@snippet :
 * Migration m = Migration.of("V1__create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY)");
 * m.version();      // 1
 * m.description();  // "create users"
 * }
 *
 * @param version     the number before {@code __}, at least 1
 * @param description the rest of the name, underscores read as spaces
 * @param script      the file name, as errors and the history table name it
 * @param sql         the file's text
 * @param checksum    the SHA-256 of the text, in hex
 */
public record Migration(int version, String description, String script, String sql, String checksum) {
    /** What a migration file is called: {@code V}, a number, two underscores, a description, {@code .sql}. */
    static final Pattern NAME = Pattern.compile("V([0-9]{1,9})__([A-Za-z0-9_.-]+)\\.sql");

    /** Checks the parts; a bad one throws {@link IllegalArgumentException} naming it. */
    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration version < 1: " + version + " (" + script + ")");
        }
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("empty migration: " + script);
        }
        if (sql.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("migration " + script + " contains U+0000, which PostgreSQL refuses");
        }
    }

    /**
     * The migration in file {@code script} with text {@code sql}; a name that is not
     * {@code V<number>__<description>.sql} throws {@link IllegalArgumentException}.
     */
    public static Migration of(String script, String sql) {
        Matcher name = NAME.matcher(script);
        if (!name.matches()) {
            throw new IllegalArgumentException("not a migration file name: " + script
                    + " (expected V<number>__<description>.sql, e.g. V1__create_users.sql)");
        }
        return new Migration(Integer.parseInt(name.group(1)), name.group(2).replace('_', ' '), script, sql,
                checksum(sql));
    }

    private static String checksum(String sql) {
        return HexFormat.of().formatHex(sha256(sql.replace("\r\n", "\n")));
    }

    /** The SHA-256 of {@code text} in UTF-8. */
    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
