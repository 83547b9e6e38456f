package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.server.EventSource;
import dev.weft.http.server.Part;
import dev.weft.http.server.WebApp;
import jakarta.validation.constraints.NotBlank;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The same app answers alike in process and over a real socket. */
class TestClientTest {
    record Note(String text) {
    }

    record Login(@NotBlank String username, String password) {
    }

    static class Notes {
        @Post("/token")
        String token(@Form Login login) {
            return login.username();
        }

        @Post(value = "/notes", status = 201)
        Note add(@Body Note note, @Header("X-Trace") String trace) {
            return new Note(note.text() + " " + trace);
        }

        @Post("/login")
        String login(@Form String user, @Form List<String> role) {
            return user + " " + role;
        }

        @Get("/ticks")
        EventSource ticks(@Query @Default("3") int count) {
            return sink -> {
                for (int i = 1; i <= count; i++) {
                    sink.send("tick " + i);
                }
            };
        }

        @Post("/upload")
        String upload(@Form String title, @File Part file) {
            return title + ": " + file.filename() + " " + file.text();
        }
    }

    private final WebApp app = Api.builder().controller(new Notes()).mountOn(WebApp.create());

    private static void exercise(TestClient client) {
        var created = client.request("POST", "/notes").header("X-Trace", "t1").json(new Note("hi")).send();
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json(Note.class)).isEqualTo(new Note("hi t1"));
        assertThat(client.request("POST", "/login").form(Map.of("user", "ada")).send().json().asText()).isEqualTo("ada []");
        assertThat(client.request("POST", "/token").form(Map.of("username", "ada", "password", "pw")).send().json().asText()).isEqualTo("ada");
        var blank = client.request("POST", "/token").form(Map.of("username", " ", "password", "pw")).send();
        assertThat(blank.json().get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"username\"]");
        var invalid = client.post("/notes", Map.of("text", 5));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().get("detail").findValuesAsText("type")).containsExactly("string_type", "missing");
        String multipart = """
                --b\r
                Content-Disposition: form-data; name="title"\r
                \r
                report\r
                --b\r
                Content-Disposition: form-data; name="file"; filename="a.txt"\r
                Content-Type: text/plain\r
                \r
                contents\r
                --b--\r
                """;
        var uploaded = client.request("POST", "/upload")
                .body(multipart.getBytes(StandardCharsets.UTF_8), "multipart/form-data; boundary=b").send();
        assertThat(uploaded.json().asText()).isEqualTo("report: a.txt contents");
    }

    @Test
    void inProcess() {
        exercise(TestClient.of(app));
    }

    @Test
    void overARealServer() {
        try (var client = TestClient.serving(app)) {
            assertThat(client.baseUrl()).startsWith("http://127.0.0.1:");
            exercise(client);
            var events = client.get("/ticks?count=2");
            assertThat(events.header("Content-Type")).startsWith("text/event-stream");
            assertThat(events.text()).isEqualTo("data: tick 1\n\ndata: tick 2\n\n");
        }
    }
}
