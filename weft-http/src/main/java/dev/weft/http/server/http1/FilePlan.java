package dev.weft.http.server.http1;

import dev.weft.http.server.NotFound;
import dev.weft.http.server.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * What to send for a file given the request's conditional and range headers (RFC 9110 sections 13
 * and 14): the status (200, 206, 304, 416), the byte range, and the validators. Single ranges only;
 * a multi-range request gets the whole file (a server may ignore Range).
 *
 * @param status       200, 206, 304 or 416
 * @param offset       first byte to send
 * @param length       bytes to send
 * @param size         the file's size
 * @param etag         the strong validator, from size and modification time
 * @param lastModified the IMF-fixdate of the modification time
 */
record FilePlan(int status, long offset, long length, long size, String etag, String lastModified) {

    static FilePlan of(Path path, Request request) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new NotFound("no such file");
        } catch (IOException e) {
            throw new NotFound("file not readable");
        }
        if (!attributes.isRegularFile() || !Files.isReadable(path)) {
            throw new NotFound("not a readable file");
        }
        long size = attributes.size();
        long mtime = attributes.lastModifiedTime().toMillis();
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(mtime) + "\"";
        Instant modified = Instant.ofEpochSecond(mtime / 1000);
        String lastModified = DateHeader.format(modified);
        boolean getOrHead = request.method().equals("GET") || request.method().equals("HEAD");

        String ifNoneMatch = request.header("If-None-Match");
        if (ifNoneMatch != null) {
            if (getOrHead && matches(ifNoneMatch, etag)) {
                return new FilePlan(304, 0, 0, size, etag, lastModified);
            }
        } else if (getOrHead) {
            Instant since = parseDate(request.header("If-Modified-Since"));
            if (since != null && !modified.isAfter(since)) {
                return new FilePlan(304, 0, 0, size, etag, lastModified);
            }
        }
        String range = request.header("Range");
        if (range == null || !request.method().equals("GET") || !ifRangeHolds(request.header("If-Range"), etag, modified)) {
            return new FilePlan(200, 0, size, size, etag, lastModified);
        }
        long[] span = parseRange(range, size);
        if (span == null) {
            return new FilePlan(200, 0, size, size, etag, lastModified);
        }
        if (span.length == 0) {
            return new FilePlan(416, 0, 0, size, etag, lastModified);
        }
        return new FilePlan(206, span[0], span[1] - span[0] + 1, size, etag, lastModified);
    }

    /** {@code If-None-Match} uses the weak comparison: {@code W/} prefixes are ignored. */
    private static boolean matches(String header, String etag) {
        for (String candidate : header.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || c.replaceFirst("^W/", "").equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static boolean ifRangeHolds(String ifRange, String etag, Instant modified) {
        if (ifRange == null) {
            return true;
        }
        if (ifRange.startsWith("\"")) {
            return ifRange.equals(etag);
        }
        Instant date = parseDate(ifRange);
        return date != null && date.equals(modified);
    }

    private static Instant parseDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The inclusive span of a single {@code bytes=} range; null to ignore the header (malformed, other
     * unit, several ranges); an empty array when unsatisfiable.
     */
    static long[] parseRange(String header, long size) {
        if (!header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String first = spec.substring(0, dash).strip();
            String last = spec.substring(dash + 1).strip();
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                if (suffix <= 0 || size == 0) {
                    return new long[0];
                }
                return new long[]{Math.max(0, size - suffix), size - 1};
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            if (start < 0 || !last.isEmpty() && Long.parseLong(last) < start) {
                return null;
            }
            if (start >= size) {
                return new long[0];
            }
            return new long[]{start, end};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
