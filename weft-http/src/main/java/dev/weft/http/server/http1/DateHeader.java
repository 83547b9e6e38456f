package dev.weft.http.server.http1;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The {@code Date} header line, formatted once per second and shared by every connection. */
final class DateHeader {
    private record Cached(long second, byte[] line) {
    }

    private static volatile Cached cached = new Cached(-1, new byte[0]);

    private DateHeader() {
    }

    /** {@code "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"} for the current second. */
    static byte[] line() {
        long now = System.currentTimeMillis() / 1000;
        Cached c = cached;
        if (c.second != now) {
            String text = "Date: " + format(Instant.ofEpochSecond(now)) + "\r\n";
            c = new Cached(now, text.getBytes(StandardCharsets.US_ASCII));
            cached = c;
        }
        return c.line;
    }

    /** An IMF-fixdate (RFC 9110 section 5.6.7). */
    static String format(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }
}
