package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The demo page in a real browser (Debian's headless chromium, driven by {@code src/test/browser/demo-page.mjs}
 * through playwright-core), two tabs on one server: a user added through the form in one tab appears in
 * the other by the live feed, an invalid form shows the server's 422 messages next to its fields, and an
 * edit in the second tab reaches the first. With {@code -Dweft.screenshot=true} it saves the first tab to
 * {@code docs/images/demo-page.png}. {@code .ci/run} installs chromium and playwright-core; without them
 * this test fails, saying so.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class DemoPageInBrowserTest {
    private static final Path DRIVER_DIR = Path.of("src/test/browser");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOT = Path.of("../docs/images/demo-page.png");
    private static final Duration DRIVER_TIMEOUT = Duration.ofSeconds(180);

    @Test
    void aUserAddedInOneTabAppearsInTheOtherAndAnInvalidFormShowsTheFieldMessages(TestDatabase database) throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium (apt-get install chromium; .ci/run installs it)").isExecutable();
        assertThat(DRIVER_DIR.resolve("node_modules/playwright-core"))
                .as("playwright-core (npm ci in weft-examples/src/test/browser; .ci/run installs it)").isDirectory();
        database.execute("GRANT CREATE ON DATABASE " + database.name() + " TO scram_user"); // for schema weft_demo
        try (HttpServer server = HttpServer.start(DemoApp.create(database.uri("scram_user", "scram_pass")),
                ServerConfig.builder().host("127.0.0.1").port(0).build())) {
            JsonNode seen = drive("http://127.0.0.1:" + server.port() + "/");

            assertThat(seen.get("failures")).as("script errors on the page").isEmpty();
            assertThat(seen.get("listed").asInt()).as("the seeded users are listed").isGreaterThanOrEqualTo(3);
            assertThat(seen.get("appeared")).extracting(JsonNode::asText)
                    .containsSequence("Browser Ada", "browser.ada@example.org", "36");
            assertThat(seen.get("errors").get("name").asText()).isEqualTo("must not be blank");
            assertThat(seen.get("errors").get("email").asText()).isEqualTo("must be a well-formed email address");
            assertThat(seen.get("errors").get("age").asText()).isEqualTo("must be less than or equal to 150");
            assertThat(seen.get("editedAge").asText()).isEqualTo("37");
            assertThat(database.query("SELECT name, age FROM weft_demo.users WHERE email = 'browser.ada@example.org'"))
                    .containsExactly(List.of("Browser Ada", "37"));
        }
    }

    /** Runs the node driver and returns what it printed; its stderr comes with any failure. */
    private static JsonNode drive(String pageUrl) throws IOException {
        Map<String, String> environment = new HashMap<>();
        if (Boolean.getBoolean("weft.screenshot")) {
            Files.createDirectories(SCREENSHOT.getParent());
            environment.put("SCREENSHOT", SCREENSHOT.toAbsolutePath().normalize().toString());
        }
        Peers.Output out = Peers.node(DRIVER_DIR, environment, DRIVER_TIMEOUT, "demo-page.mjs", pageUrl);
        assertThat(out.exitCode()).as("browser driver exit code; stderr: %s", out.stderr()).isZero();
        return new ObjectMapper().readTree(out.stdout());
    }
}
