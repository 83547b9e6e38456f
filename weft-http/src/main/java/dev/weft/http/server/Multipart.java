package dev.weft.http.server;

import dev.weft.http.codec.ParameterizedValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A streaming {@code multipart/form-data} reader (RFC 7578): it scans the body once for the boundary
 * delimiter, keeps small parts in memory and spools file parts past the threshold to temporary files.
 * Bounded: part count, header block size, field size ({@code clientMaxSize}) and, through the body
 * stream, the total size.
 */
final class Multipart {
    private static final int MAX_PART_HEADER = 8192;

    private final InputStream in;
    private final byte[] delimiter;
    private byte[] buf = new byte[16384];
    private int pos;
    private int lim;
    private boolean eof;

    private Multipart(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Temporary files of one request, deleted when it ends. Used by one thread. */
    static final class Spool implements AutoCloseable {
        private final List<Path> files = new ArrayList<>();

        Path newFile() throws IOException {
            Path file = Files.createTempFile("weft-upload-", ".part");
            files.add(file);
            return file;
        }

        @Override
        public void close() {
            for (Path file : files) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // A temp file that cannot be deleted now is left to the OS's temp cleaning.
                }
            }
            files.clear();
        }
    }

    static List<Part> read(InputStream body, String boundary, ServerConfig config, Spool spool) {
        try (body) {
            return new Multipart(body, boundary).parts(config, spool);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Part> parts(ServerConfig config, Spool spool) throws IOException {
        // The first delimiter may open the body without the CRLF that precedes the others.
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
        skipTo(OutputStream.nullOutputStream());
        List<Part> parts = new ArrayList<>();
        while (true) {
            require(2);
            if (buf[pos] == '-' && buf[pos + 1] == '-') {
                return parts;
            }
            skipTransportPadding();
            if (parts.size() == config.maxMultipartParts()) {
                throw new ContentTooLarge("more than " + config.maxMultipartParts() + " multipart parts");
            }
            parts.add(part(config, spool));
        }
    }

    private void skipTransportPadding() throws IOException {
        while (true) {
            require(2);
            if (buf[pos] == '\r' && buf[pos + 1] == '\n') {
                pos += 2;
                return;
            }
            if (buf[pos] != ' ' && buf[pos] != '\t') {
                throw new BadRequest("malformed multipart delimiter line");
            }
            pos++;
        }
    }

    private Part part(ServerConfig config, Spool spool) throws IOException {
        String name = null;
        String filename = null;
        String type = "text/plain";
        for (String line : headerLines()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new BadRequest("malformed multipart part header");
            }
            String field = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (field.equals("content-disposition")) {
                ParameterizedValue disposition = ParameterizedValue.parse(value);
                name = disposition.parameter("name");
                filename = disposition.parameter("filename");
            } else if (field.equals("content-type")) {
                type = value;
            }
        }
        if (name == null) {
            throw new BadRequest("multipart part without a name");
        }
        if (filename == null) {
            var data = new LimitedBuffer(config.clientMaxSize());
            skipTo(data);
            return new StoredPart(name, null, type, data.toByteArray(), null, data.size());
        }
        var sink = new SpoolingSink(config.multipartSpoolSize(), spool);
        long size;
        try {
            size = skipTo(sink);
        } finally {
            sink.close();
        }
        return new StoredPart(name, filename, type, sink.memory(), sink.file(), size);
    }

    private List<String> headerLines() throws IOException {
        var raw = new ByteArrayOutputStream();
        while (true) {
            require(1);
            raw.write(buf[pos++]);
            if (raw.size() > MAX_PART_HEADER) {
                throw new HttpException(431, "multipart part headers too large");
            }
            byte[] b = raw.toByteArray();
            int n = b.length;
            if (n >= 2 && b[n - 2] == '\r' && b[n - 1] == '\n') {
                if (n == 2) {
                    return List.of();
                }
                if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n') {
                    String text = new String(b, 0, n - 4, StandardCharsets.UTF_8);
                    return List.of(text.split("\r\n"));
                }
            }
        }
    }

    /** Copies bytes up to the next delimiter to {@code sink} and consumes the delimiter; returns the count. */
    private long skipTo(OutputStream sink) throws IOException {
        long copied = 0;
        while (true) {
            int found = indexOf(delimiter, pos, lim);
            if (found >= 0) {
                sink.write(buf, pos, found - pos);
                copied += found - pos;
                pos = found + delimiter.length;
                return copied;
            }
            int safe = Math.max(pos, lim - delimiter.length + 1);
            sink.write(buf, pos, safe - pos);
            copied += safe - pos;
            pos = safe;
            if (!fill()) {
                throw new BadRequest("multipart body ends before its closing delimiter");
            }
        }
    }

    private int indexOf(byte[] needle, int from, int to) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void require(int n) throws IOException {
        while (lim - pos < n) {
            if (!fill()) {
                throw new BadRequest("multipart body ends before its closing delimiter");
            }
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            eof = true;
            return false;
        }
        lim += n;
        return true;
    }

    /** An in-memory sink for a field, refusing to grow past {@code clientMaxSize}. */
    private static final class LimitedBuffer extends ByteArrayOutputStream {
        private final long limit;

        LimitedBuffer(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (count + (long) len > limit) {
                throw new ContentTooLarge("multipart field larger than " + limit + " bytes");
            }
            super.write(b, off, len);
        }
    }

    /** A sink for a file part: memory up to the threshold, then a spool file. */
    private static final class SpoolingSink extends OutputStream {
        private final long threshold;
        private final Spool spool;
        private ByteArrayOutputStream memory = new ByteArrayOutputStream();
        private Path file;
        private OutputStream out;

        SpoolingSink(long threshold, Spool spool) {
            this.threshold = threshold;
            this.spool = spool;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (out == null && memory.size() + (long) len > threshold) {
                file = spool.newFile();
                out = Files.newOutputStream(file);
                memory.writeTo(out);
                memory = null;
            }
            if (out != null) {
                out.write(b, off, len);
            } else {
                memory.write(b, off, len);
            }
        }

        byte[] memory() {
            return memory == null ? null : memory.toByteArray();
        }

        Path file() {
            return file;
        }

        @Override
        public void close() throws IOException {
            if (out != null) {
                out.close();
            }
        }
    }

    /** A part held in memory or in a spool file. */
    private record StoredPart(String name, String filename, String contentType, byte[] data, Path file, long size)
            implements Part {
        @Override
        public boolean isFile() {
            return filename != null;
        }

        @Override
        public String text() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        @Override
        public byte[] bytes() {
            try {
                return data != null ? data.clone() : Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public InputStream open() {
            try {
                return data != null ? new ByteArrayInputStream(data) : Files.newInputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void saveTo(Path target) {
            try (InputStream in = open()) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
