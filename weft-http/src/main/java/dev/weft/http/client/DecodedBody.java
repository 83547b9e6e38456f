package dev.weft.http.client;

import dev.weft.http.codec.BulkInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * A response body as the application sees it: decompressed when the server sent it with
 * {@code Content-Encoding: gzip} or {@code deflate} (zlib-wrapped, or raw deflate as some servers send),
 * and giving its connection back as soon as the decompressed data ends. The decompressor is created
 * on the first read, so that taking the body does not block. Not thread-safe: one reader.
 */
final class DecodedBody extends BulkInputStream {
    private final ResponseBodyStream raw;
    private final String encoding;
    private final Runnable onClose;
    private InputStream decoded;
    private Inflater inflater;

    DecodedBody(ResponseBodyStream raw, String contentEncoding, Runnable onClose) {
        this.raw = raw;
        this.encoding = contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        this.onClose = onClose;
    }

    @Override
    protected int readSome(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            if (decoded == null) {
                decoded = decoder();
            }
            n = decoded.read(b, off, len);
        } catch (ZipException | java.io.EOFException e) {
            raw.close();
            throw new InvalidResponse("malformed " + encoding + " body: " + e.getMessage(), e);
        }
        if (n < 0 && decoded != raw) {
            // The compressed stream can end before the framing does (the last chunk, a trailer).
            raw.discard(64 * 1024);
        }
        return n;
    }

    private InputStream decoder() throws IOException {
        if (raw.finished()) {
            return raw;
        }
        switch (encoding) {
            case "gzip", "x-gzip" -> {
                return new GZIPInputStream(raw, 8192);
            }
            case "deflate" -> {
                PushbackInputStream in = new PushbackInputStream(raw, 2);
                int first = in.read();
                int second = first < 0 ? -1 : in.read();
                if (second >= 0) {
                    in.unread(second);
                }
                if (first >= 0) {
                    in.unread(first);
                }
                // RFC 9110 says zlib (RFC 1950); a zlib header is CM=8 with a check value divisible by 31.
                boolean zlib = first >= 0 && second >= 0 && (first & 0x0F) == 8 && ((first << 8) | second) % 31 == 0;
                inflater = new Inflater(!zlib);
                return new InflaterInputStream(in, inflater, 8192);
            }
            default -> {
                return raw;
            }
        }
    }

    @Override
    public void close() {
        if (inflater != null) {
            inflater.end();
        }
        onClose.run();
    }
}
