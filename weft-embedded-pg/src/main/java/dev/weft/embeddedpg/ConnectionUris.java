package dev.weft.embeddedpg;

import java.nio.charset.StandardCharsets;

/** Builds libpq-style {@code postgresql://} URIs with every component percent-encoded. Stateless. */
final class ConnectionUris {
    private ConnectionUris() {
    }

    /** {@code postgresql://user[:password]@host:port/database}; a null password is left out. */
    static String uri(String host, int port, String user, String password, String database) {
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("empty user: " + user);
        }
        if (database == null || database.isEmpty()) {
            throw new IllegalArgumentException("empty database: " + database);
        }
        var uri = new StringBuilder("postgresql://").append(encode(user));
        if (password != null) {
            uri.append(':').append(encode(password));
        }
        return uri.append('@').append(host).append(':').append(port).append('/').append(encode(database)).toString();
    }

    /** Percent-encodes everything but RFC 3986's unreserved characters. */
    static String encode(String text) {
        var out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~')) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
