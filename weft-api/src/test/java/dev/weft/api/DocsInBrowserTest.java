package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real browser (Debian's headless chromium, driven by {@code src/test/browser/swagger-ui.mjs} through
 * playwright-core) opens {@code /docs} of a real server, sees the operations, and "Try it out" on a GET
 * answers 200 with the JSON in the response panel. {@code .ci/run} installs chromium and playwright-core;
 * without them this test fails, saying so.
 */
class DocsInBrowserTest {
    private static final java.nio.file.Path DRIVER_DIR = Paths.get("src/test/browser");
    private static final java.nio.file.Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final long DRIVER_TIMEOUT_SECONDS = 180;

    record User(long id, String name) {
    }

    record NewUser(String name) {
    }

    static class Users {
        final List<String> userAgents = new CopyOnWriteArrayList<>();

        @Get(value = "/users", tags = "users", summary = "List users")
        List<User> list(@Query @Default("10") int limit, @Header("User-Agent") Optional<String> userAgent) {
            userAgent.ifPresent(userAgents::add);
            return List.of(new User(1, "Ada"), new User(2, "Grace")).subList(0, Math.min(limit, 2));
        }

        @Get(value = "/users/{id}", tags = "users")
        Optional<User> get(@Path long id) {
            return Optional.empty();
        }

        @Post(value = "/users", status = 201, tags = "users")
        User create(@Body NewUser user) {
            return new User(3, user.name());
        }
    }

    @Test
    void swaggerUiListsTheOperationsAndTryItOutOnAGetAnswers200() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium (apt-get install chromium; .ci/run installs it)").isExecutable();
        assertThat(DRIVER_DIR.resolve("node_modules/playwright-core"))
                .as("playwright-core (npm ci in weft-api/src/test/browser; .ci/run installs it)").isDirectory();
        var users = new Users();
        WebApp app = Api.builder().title("Users").version("1.0").controller(users).mountOn(WebApp.create());
        try (HttpServer server = HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build())) {
            JsonNode seen = drive("http://127.0.0.1:" + server.port() + "/docs", "GET", "/users");

            assertThat(seen.get("title").asText()).startsWith("Users");
            assertThat(seen.get("operations")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("GET /users", "POST /users", "GET /users/{id}");
            assertThat(seen.get("status").asText()).isEqualTo("200");
            assertThat(new ObjectMapper().readTree(seen.get("body").asText()))
                    .isEqualTo(new ObjectMapper().readTree("[{\"id\":1,\"name\":\"Ada\"},{\"id\":2,\"name\":\"Grace\"}]"));
            assertThat(seen.get("failures")).as("script errors on the page").isEmpty();
            assertThat(users.userAgents).as("the request came from the browser").singleElement()
                    .asString().contains("Chrome");
        }
    }

    /** Runs the node driver and returns what it printed; its stderr comes with any failure. */
    private static JsonNode drive(String docsUrl, String method, String path) throws IOException, InterruptedException {
        Process node;
        try {
            node = new ProcessBuilder("node", "swagger-ui.mjs", docsUrl, method, path)
                    .directory(DRIVER_DIR.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run node (apt-get install nodejs; .ci/run installs it)", e);
        }
        node.getOutputStream().close();
        CompletableFuture<String> stdout = read(node.getInputStream());
        CompletableFuture<String> stderr = read(node.getErrorStream());
        if (!node.waitFor(DRIVER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            node.destroyForcibly().waitFor();
            throw new AssertionError("the browser driver did not finish in " + DRIVER_TIMEOUT_SECONDS + " s: " + stderr.join());
        }
        assertThat(node.exitValue()).as("browser driver exit code; stderr: %s", stderr.join()).isZero();
        return new ObjectMapper().readTree(stdout.join());
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
