package dev.weft.http.client;

import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Part;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Multipart uploads, fields and streamed files, read back by Weft's server's multipart parser. */
class MultipartBodyTest {
    @TempDir
    Path dir;

    @Test
    void uploadsFieldsAndStreamedFiles() throws Exception {
        byte[] photo = new byte[500_000];
        new Random(3).nextBytes(photo);
        Path file = dir.resolve("beach \"1\".jpg");
        Files.write(file, photo);
        var app = WebApp.create().post("/upload", req -> Response.text(req.multipart().stream()
                .map(MultipartBodyTest::describe).collect(Collectors.joining("\n"))
                + "\nte=" + req.header("Transfer-Encoding")));
        try (var server = HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build());
             var client = HttpClient.create()) {
            RequestBody body = MultipartBody.builder()
                    .field("title", "Holiday \u00e9t\u00e9")
                    .file("photo", file, "image/jpeg")
                    .file("notes", "notes.txt", "text/plain", new ByteArrayInputStream("sunny".getBytes(StandardCharsets.UTF_8)))
                    .build();
            assertThat(body.replayable()).isFalse();
            String url = "http://127.0.0.1:" + server.port() + "/upload";
            assertThat(client.post(url, body).text()).isEqualTo("""
                    title=Holiday \u00e9t\u00e9
                    photo file=beach %%221%%22.jpg type=image/jpeg size=500000 sha=%d
                    notes file=notes.txt type=text/plain size=5 sha=%d
                    te=chunked""".formatted(java.util.Arrays.hashCode(photo), java.util.Arrays.hashCode("sunny".getBytes())));

            RequestBody small = MultipartBody.builder().field("a", "1").file("b", "b.bin", "application/octet-stream", new byte[]{1, 2}).build();
            assertThat(small.replayable()).isTrue();
            assertThat(client.post(url, small).text()).isEqualTo("a=1\nb file=b.bin type=application/octet-stream size=2 sha="
                    + java.util.Arrays.hashCode(new byte[]{1, 2}) + "\nte=null");
        }
    }

    private static String describe(Part part) {
        if (part.filename() == null) {
            return part.name() + "=" + part.text();
        }
        byte[] bytes = part.bytes();
        return part.name() + " file=" + part.filename() + " type=" + part.contentType() + " size=" + bytes.length
                + " sha=" + java.util.Arrays.hashCode(bytes);
    }

    @Test
    void refusesAnEmptyBodyAndAMissingFile() {
        assertThatThrownBy(() -> MultipartBody.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> MultipartBody.builder().file("f", dir.resolve("missing"), "text/plain"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    }
}
