package dev.weft.http.server;

import dev.weft.http.server.http1.Body;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Response compression negotiated by {@code Accept-Encoding} (gzip preferred, then deflate, honouring
 * {@code q=0}): byte bodies above a minimum size and streamed bodies of compressible types. Files
 * (ranges are byte offsets of the file), event streams and already-encoded bodies are left alone.
 */
final class Compression implements Middleware {
    private final int minSize;

    Compression(int minSize) {
        if (minSize < 0) {
            throw new IllegalArgumentException("minSize < 0: " + minSize);
        }
        this.minSize = minSize;
    }

    @Override
    public Response handle(Request request, Handler next) throws Exception {
        Response response = next.handle(request);
        if (response.header("Content-Encoding") != null || response.status() < 200 || response.status() == 204
                || response.status() == 206 || response.status() == 304 || !compressible(response.header("Content-Type"))) {
            return response;
        }
        Body body = response.body();
        boolean candidate = body instanceof Body.Bytes(byte[] data) && data.length >= minSize
                || body instanceof Body.Stream;
        if (!candidate) {
            return response;
        }
        response.header("Vary", "Accept-Encoding");
        String coding = negotiate(request.header("Accept-Encoding"));
        if (coding == null) {
            return response;
        }
        response.setHeader("Content-Encoding", coding);
        if (body instanceof Body.Bytes(byte[] data)) {
            var buffer = new ByteArrayOutputStream(Math.max(64, data.length / 3));
            try (var z = wrap(coding, buffer)) {
                z.write(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return response.body(new Body.Bytes(buffer.toByteArray()));
        }
        Response.BodyWriter writer = ((Body.Stream) body).writer();
        return response.body(new Body.Stream(out -> {
            try (var z = wrap(coding, out)) {
                writer.writeTo(z);
            }
        }));
    }

    private static DeflaterOutputStream wrap(String coding, java.io.OutputStream out) throws IOException {
        // syncFlush: a handler's flush() must push what it wrote so far to the client.
        return coding.equals("gzip") ? new GZIPOutputStream(out, 8192, true)
                : new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION), 8192, true);
    }

    /** gzip or deflate by the client's preference (q-values), or null for identity. */
    static String negotiate(String acceptEncoding) {
        if (acceptEncoding == null) {
            return null;
        }
        double gzip = 0;
        double deflate = 0;
        double any = -1;
        for (String item : acceptEncoding.split(",")) {
            String[] parts = item.split(";");
            String coding = parts[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.startsWith("q=") || p.startsWith("Q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            switch (coding) {
                case "gzip", "x-gzip" -> gzip = q;
                case "deflate" -> deflate = q;
                case "*" -> any = q;
                default -> { }
            }
        }
        if (any > 0) {
            gzip = gzip == 0 && !acceptEncoding.toLowerCase(Locale.ROOT).contains("gzip") ? any : gzip;
        }
        if (gzip > 0 && gzip >= deflate) {
            return "gzip";
        }
        return deflate > 0 ? "deflate" : null;
    }

    private static boolean compressible(String contentType) {
        if (contentType == null) {
            return false;
        }
        String t = contentType.toLowerCase(Locale.ROOT);
        return t.startsWith("text/") && !t.startsWith("text/event-stream") || t.contains("json") || t.contains("xml")
                || t.contains("javascript") || t.startsWith("image/svg");
    }
}
