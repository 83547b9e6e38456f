package dev.weft.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.http.client.HttpClient;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Templates read from a directory: an edited file is recompiled on the next render, served over HTTP. */
class DevelopmentReloadTest {
    @TempDir
    Path directory;

    private void write(String text, Instant modified) throws IOException {
        Path file = directory.resolve("hello.jte");
        Files.writeString(file, "@param String name\n" + text + "\n");
        // An explicit modification time: two writes within the file system's timestamp granularity
        // must still differ.
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    @Test
    void anEditedTemplateIsServedAfterItsChange() throws IOException {
        write("<p>Hello ${name}</p>", Instant.now().minusSeconds(60));
        try (Templates templates = Templates.fromDirectory(directory);
             HttpServer server = HttpServer.start(WebApp.create()
                     .get("/", req -> templates.render("hello.jte", Map.of("name", "<Ada>"))),
                     ServerConfig.builder().host("127.0.0.1").port(0).build());
             HttpClient http = HttpClient.create()) {
            String url = "http://127.0.0.1:" + server.port() + "/";
            assertThat(http.get(url).text()).isEqualTo("<p>Hello &lt;Ada&gt;</p>\n");
            write("<p>Goodbye ${name}</p>", Instant.now());
            assertThat(http.get(url).text()).isEqualTo("<p>Goodbye &lt;Ada&gt;</p>\n");
        }
    }

    @Test
    void aMissingDirectoryIsRefusedNamingIt() {
        Path missing = directory.resolve("nope");
        assertThatThrownBy(() -> Templates.fromDirectory(missing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString());
    }
}
