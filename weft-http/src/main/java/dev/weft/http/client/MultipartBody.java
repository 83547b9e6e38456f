package dev.weft.http.client;

import dev.weft.http.codec.FieldSyntax;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Builds a {@code multipart/form-data} request body (RFC 7578): text fields and files, the files
 * streamed from disk or from an {@code InputStream} while the request is sent, never loaded into memory.
 * A body with only fields and in-memory content is sent with a length (and can be retried); with
 * files it is sent chunked, once. Not thread-safe.
 *
 * {@snippet :
 * RequestBody upload = MultipartBody.builder()
 *         .field("title", "Holiday")
 *         .file("photo", Path.of("beach.jpg"), "image/jpeg")
 *         .build();
 * client.post("http://localhost:8080/photos", upload);
 * }
 */
public final class MultipartBody {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String boundary;
    private final List<byte[]> heads = new ArrayList<>();
    private final List<Supplier<InputStream>> contents = new ArrayList<>();
    private boolean streamed;

    private MultipartBody() {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        this.boundary = "weft-" + java.util.HexFormat.of().formatHex(nonce);
    }

    /** A builder with a fresh random boundary. */
    public static MultipartBody builder() {
        return new MultipartBody();
    }

    /** Adds a text field, sent as UTF-8. */
    public MultipartBody field(String name, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return part(name, null, null, () -> new ByteArrayInputStream(bytes));
    }

    /** Adds a file part read from {@code path} while the request is sent; its file name is the path's last element. */
    public MultipartBody file(String name, Path path, String contentType) {
        Objects.requireNonNull(path, "path");
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("not a readable file: " + path);
        }
        streamed = true;
        return part(name, path.getFileName().toString(), contentType, () -> {
            try {
                return Files.newInputStream(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        });
    }

    /** Adds a file part read from {@code in} while the request is sent; the client closes {@code in}. */
    public MultipartBody file(String name, String filename, String contentType, InputStream in) {
        Objects.requireNonNull(in, "in");
        streamed = true;
        return part(name, Objects.requireNonNull(filename, "filename"), contentType, () -> in);
    }

    /** Adds an in-memory file part. */
    public MultipartBody file(String name, String filename, String contentType, byte[] content) {
        Objects.requireNonNull(content, "content");
        return part(name, Objects.requireNonNull(filename, "filename"), contentType, () -> new ByteArrayInputStream(content));
    }

    private MultipartBody part(String name, String filename, String contentType, Supplier<InputStream> content) {
        StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(escape(name)).append('"');
        if (filename != null) {
            head.append("; filename=\"").append(escape(filename)).append('"');
        }
        head.append("\r\n");
        if (contentType != null) {
            FieldSyntax.checkField("Content-Type", contentType);
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        head.append("\r\n");
        heads.add(head.toString().getBytes(StandardCharsets.UTF_8));
        contents.add(content);
        return this;
    }

    /** Quotes a name as browsers do (the HTML standard): {@code "}, CR and LF percent-encoded. */
    private static String escape(String value) {
        return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }

    /**
     * The body.
     *
     * @throws IllegalStateException when no part was added
     */
    public RequestBody build() {
        if (heads.isEmpty()) {
            throw new IllegalStateException("a multipart body needs at least one part");
        }
        String type = "multipart/form-data; boundary=" + boundary;
        if (!streamed) {
            try (InputStream in = stream()) {
                return RequestBody.bytes(in.readAllBytes(), type);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return RequestBody.stream(stream(), type);
    }

    /** Every part's head, content and CRLF, then the closing delimiter; contents opened as they are reached. */
    private InputStream stream() {
        List<Supplier<InputStream>> pieces = new ArrayList<>();
        for (int i = 0; i < heads.size(); i++) {
            byte[] head = heads.get(i);
            pieces.add(() -> new ByteArrayInputStream(head));
            pieces.add(contents.get(i));
            pieces.add(() -> new ByteArrayInputStream(new byte[]{'\r', '\n'}));
        }
        byte[] end = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        pieces.add(() -> new ByteArrayInputStream(end));
        Iterator<Supplier<InputStream>> next = pieces.iterator();
        // Lazy, so that a file is opened only when the upload reaches it.
        return new SequenceInputStream(new Enumeration<InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return next.hasNext();
            }

            @Override
            public InputStream nextElement() {
                return next.next().get();
            }
        });
    }
}
