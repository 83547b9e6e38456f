package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.http.server.HttpServer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The demo service end to end: the Weft server and driver on a real PostgreSQL, driven by curl and by
 * Python's websockets and aiohttp clients.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoAppTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private String base;
    private TestDatabase database;

    @BeforeAll
    void start(TestDatabase database) {
        this.database = database;
        // The demo creates its own schema: as a database owner would, the role may create one.
        database.execute("GRANT CREATE ON DATABASE " + database.name() + " TO scram_user");
        server = HttpServer.start(DemoApp.create(database.uri("scram_user", "scram_pass")), 0);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void listsTheSeededUsers() throws Exception {
        HttpReply reply = HttpReply.of(Peers.curl(base + "/users"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("content-type")).startsWith("application/json");
        List<String> emails = JSON.readTree(reply.body()).findValuesAsText("email");
        assertThat(emails).contains("ada@example.org", "alan@example.org", "grace@example.org");
    }

    @Test
    void createReadReplaceAndDeleteAUser() throws Exception {
        HttpReply created = HttpReply.of(Peers.curl("-X", "POST", "-H", "Content-Type: application/json",
                "-d", "{\"name\":\"Barbara Liskov\",\"email\":\"barbara@example.org\",\"age\":86}", base + "/users"));
        assertThat(created.status()).isEqualTo(201);
        JsonNode user = JSON.readTree(created.body());
        long id = user.get("id").asLong();
        assertThat(created.header("location")).isEqualTo("/users/" + id);
        assertThat(user.get("name").asText()).isEqualTo("Barbara Liskov");

        HttpReply read = HttpReply.of(Peers.curl(base + "/users/" + id));
        assertThat(read.status()).isEqualTo(200);
        assertThat(JSON.readTree(read.body())).isEqualTo(user);

        HttpReply replaced = HttpReply.of(Peers.curl("-X", "PUT", "-H", "Content-Type: application/json",
                "-d", "{\"name\":\"B. Liskov\",\"email\":\"barbara@example.org\"}", base + "/users/" + id));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(JSON.readTree(replaced.body()).get("name").asText()).isEqualTo("B. Liskov");
        assertThat(JSON.readTree(replaced.body()).get("age").isNull()).isTrue();

        assertThat(HttpReply.of(Peers.curl("-X", "DELETE", base + "/users/" + id)).status()).isEqualTo(204);
        HttpReply gone = HttpReply.of(Peers.curl(base + "/users/" + id));
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.header("content-type")).startsWith("application/problem+json");
        assertThat(gone.body()).contains("no user with id " + id);
        assertThat(HttpReply.of(Peers.curl("-X", "DELETE", base + "/users/" + id)).status()).isEqualTo(404);
        assertThat(HttpReply.of(Peers.curl("-X", "PUT", "-H", "Content-Type: application/json",
                "-d", "{\"name\":\"x\",\"email\":\"x@example.org\"}", base + "/users/" + id)).status()).isEqualTo(404);
    }

    @Test
    void badInputGetsAnErrorNamingEachFieldAndWritesNothing() throws Exception {
        long before = userCount();

        HttpReply malformed = post("{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("content-type")).startsWith("application/problem+json");
        assertThat(malformed.body()).contains("malformed JSON");

        HttpReply missing = post("{\"age\": 20}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(errorLocations(missing)).containsExactly("body.name");

        HttpReply invalid = post("{\"name\":\" \",\"email\":\"not-an-address\",\"age\":151}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(errorLocations(invalid)).containsExactlyInAnyOrder("body.name", "body.email", "body.age");
        assertThat(invalid.body()).contains("must be less than or equal to 150");

        HttpReply nul = post("{\"name\":\"Nul\\u0000Name\"}");
        assertThat(nul.status()).isEqualTo(422);
        assertThat(errorLocations(nul)).containsExactly("body.name");

        HttpReply duplicate = post("{\"name\":\"Ada again\",\"email\":\"ada@example.org\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.header("content-type")).startsWith("application/problem+json");
        assertThat(duplicate.body()).contains("ada@example.org already exists");

        assertThat(userCount()).isEqualTo(before);
    }

    @Test
    void emailAddressesAreUniqueIgnoringCase() throws Exception {
        HttpReply shouting = post("{\"name\":\"Ada Shouting\",\"email\":\"ADA@example.org\"}");
        assertThat(shouting.status()).as(shouting.body()).isEqualTo(409);
        assertThat(shouting.body()).contains("ADA@example.org already exists");

        JsonNode user = JSON.readTree(post("{\"name\":\"Mixed Case\",\"email\":\"Mixed.Case@example.org\"}").body());
        assertThat(post("{\"name\":\"Again\",\"email\":\"mixed.case@EXAMPLE.org\"}").status()).isEqualTo(409);
        assertThat(patch(base + "/users/" + user.get("id").asLong(), "{\"email\": \"GRACE@example.org\"}").status())
                .isEqualTo(409);
    }

    @Test
    void theDemoWorksInItsOwnSchemaAndRecordsItsMigrations() {
        assertThat(database.query("SELECT table_schema || '.' || table_name FROM information_schema.tables"
                + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"))
                .as("nothing in public")
                .containsExactly(List.of("weft_demo.accounts"), List.of("weft_demo.user_changes"), List.of("weft_demo.users"),
                        List.of("weft_demo.weft_schema_history"));
        assertThat(database.query("SELECT script FROM weft_demo.weft_schema_history ORDER BY version"))
                .containsExactly(List.of("V1__create_users.sql"), List.of("V2__seed_users.sql"),
                        List.of("V3__create_user_changes.sql"), List.of("V4__create_accounts.sql"));
    }

    @Test
    void aJsonNullBodyIsA422NamingTheBody() throws Exception {
        for (String method : List.of("POST", "PUT", "PATCH")) {
            String url = base + (method.equals("POST") ? "/users" : "/users/1");
            HttpReply reply = HttpReply.of(Peers.curl("-X", method, "-H", "Content-Type: application/json", "-d", "null", url));
            assertThat(reply.status()).as(method + " " + reply.body()).isEqualTo(422);
            assertThat(errorLocations(reply)).containsExactly("body");
        }
    }

    @Test
    void aNulCharacterAnywhereIsA422NamingTheField() throws Exception {
        HttpReply email = post("{\"name\":\"Ok\",\"email\":\"a\\u0000b@example.org\"}");
        assertThat(email.status()).isEqualTo(422);
        assertThat(errorLocations(email)).containsExactly("body.email");
        HttpReply patched = patch(base + "/users/1", "{\"name\":\"Nul\\u0000\"}");
        assertThat(patched.status()).isEqualTo(422);
        assertThat(errorLocations(patched)).containsExactly("body.name");
        HttpReply query = HttpReply.of(Peers.curl(base + "/users?name=a%00b"));
        assertThat(query.status()).isEqualTo(422);
        assertThat(errorLocations(query)).containsExactly("query.name");
    }

    @Test
    void aClientThatHangsUpMidBodyIsNotLoggedAsAnError() throws Exception {
        var records = new CopyOnWriteArrayList<LogRecord>();
        // The log as the JDK's default System.Logger backend (java.util.logging) receives it.
        var handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        try {
            for (int i = 0; i < 3; i++) {
                try (var socket = new Socket("127.0.0.1", server.port())) {
                    socket.getOutputStream().write(("POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100\r\n\r\n{\"name\": \"Half").getBytes(StandardCharsets.UTF_8));
                    socket.getOutputStream().flush();
                }
            }
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (server.openConnections() > 0 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertThat(server.openConnections()).isZero();
            assertThat(HttpReply.of(Peers.curl(base + "/health")).status()).isEqualTo(200);
        } finally {
            root.removeHandler(handler);
        }
        assertThat(records).filteredOn(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .extracting(r -> r.getLoggerName() + ": " + r.getMessage()).isEmpty();
    }

    @Test
    void emailIsOptional() throws Exception {
        HttpReply created = post("{\"name\":\"Edsger Dijkstra\",\"age\":72}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode user = JSON.readTree(created.body());
        assertThat(user.get("email").isNull()).isTrue();
        assertThat(user.get("age").asInt()).isEqualTo(72);

        HttpReply another = post("{\"name\":\"Tony Hoare\"}");
        assertThat(another.status()).as(another.body()).isEqualTo(201);
        assertThat(JSON.readTree(another.body()).get("email").isNull()).isTrue();
    }

    @Test
    void patchChangesOnlyTheFieldsItCarries() throws Exception {
        JsonNode user = JSON.readTree(post("{\"name\":\"Frances Allen\",\"email\":\"fran@example.org\",\"age\":40}").body());
        String url = base + "/users/" + user.get("id").asLong();

        HttpReply older = patch(url, "{\"age\": 41}");
        assertThat(older.status()).isEqualTo(200);
        JsonNode patched = JSON.readTree(older.body());
        assertThat(patched.get("age").asInt()).isEqualTo(41);
        assertThat(patched.get("name").asText()).isEqualTo("Frances Allen");
        assertThat(patched.get("email").asText()).isEqualTo("fran@example.org");

        HttpReply invalid = patch(url, "{\"name\": \"\", \"age\": -1}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(errorLocations(invalid)).containsExactlyInAnyOrder("body.name", "body.age");

        HttpReply taken = patch(url, "{\"email\": \"grace@example.org\"}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body()).contains("grace@example.org already exists");

        assertThat(JSON.readTree(HttpReply.of(Peers.curl(url)).body())).isEqualTo(patched);
        assertThat(patch(base + "/users/999999", "{\"age\": 1}").status()).isEqualTo(404);
    }

    @Test
    void patchWithNullClearsTheEmailOrAgeButNeverTheName() throws Exception {
        JsonNode user = JSON.readTree(post("{\"name\":\"Jean Sammet\",\"email\":\"jean@example.org\",\"age\":50}").body());
        String url = base + "/users/" + user.get("id").asLong();

        HttpReply cleared = patch(url, "{\"email\": null}");
        assertThat(cleared.status()).isEqualTo(200);
        JsonNode noEmail = JSON.readTree(cleared.body());
        assertThat(noEmail.get("email").isNull()).isTrue();
        assertThat(noEmail.get("age").asInt()).as("a field left out keeps its value").isEqualTo(50);

        JsonNode noAge = JSON.readTree(patch(url, "{\"age\": null, \"name\": \"Jean E. Sammet\"}").body());
        assertThat(noAge.get("age").isNull()).isTrue();
        assertThat(noAge.get("name").asText()).isEqualTo("Jean E. Sammet");

        assertThat(patch(url, "{\"email\": \"not-an-address\"}").status()).isEqualTo(422);
        assertThat(patch(url, "{\"name\": null}").status()).as("a null name keeps the name").isEqualTo(200);
        assertThat(JSON.readTree(HttpReply.of(Peers.curl(url)).body()).get("name").asText()).isEqualTo("Jean E. Sammet");
    }

    @Test
    void listPagesFiltersAndSortsForAiohttp() {
        for (String name : List.of("Pager Charlie", "Pager Alice", "Pager Bob")) {
            assertThat(post("{\"name\":\"" + name + "\"}").status()).isEqualTo(201);
        }
        Peers.Output out = Peers.python("""
                import asyncio, sys, aiohttp
                async def main():
                    async with aiohttp.ClientSession(sys.argv[1]) as session:
                        for query in ("name=pager&sort=name&limit=2",
                                      "name=pager&sort=name&limit=2&offset=2",
                                      "name=PAGER&sort=name&order=desc",
                                      "name=nobody"):
                            async with session.get("/users?" + query) as response:
                                print(response.status, [user["name"] for user in await response.json()])
                        for query in ("sort=password", "sort=name;DROP TABLE users", "limit=0", "limit=101", "offset=-1"):
                            async with session.get("/users?" + query) as response:
                                body = await response.json()
                                print(response.status, [".".join(map(str, e["loc"])) for e in body["detail"]])
                asyncio.run(main())
                """, base);
        assertThat(out.exitCode()).as(out.stderr()).isZero();
        assertThat(out.stdout().lines()).containsExactly(
                "200 ['Pager Alice', 'Pager Bob']",
                "200 ['Pager Charlie']",
                "200 ['Pager Charlie', 'Pager Bob', 'Pager Alice']",
                "200 []",
                "422 ['query.sort']",
                "422 ['query.sort']",
                "422 ['query.limit']",
                "422 ['query.limit']",
                "422 ['query.offset']");
    }

    @Test
    void docsAndOpenApiAreServedAndLinkedFromThePage() throws Exception {
        HttpReply openApi = HttpReply.of(Peers.curl(base + "/openapi.json"));
        assertThat(openApi.status()).isEqualTo(200);
        JsonNode paths = JSON.readTree(openApi.body()).get("paths");
        assertThat(paths.get("/users").has("get")).isTrue();
        assertThat(paths.get("/users").has("post")).isTrue();
        assertThat(paths.get("/users/{id}").has("patch")).isTrue();
        assertThat(paths.get("/users/{id}").get("patch").get("responses").has("422")).isTrue();

        HttpReply docs = HttpReply.of(Peers.curl(base + "/docs"));
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.header("content-type")).startsWith("text/html");
        assertThat(docs.body()).contains("SwaggerUIBundle({url: \"/openapi.json\"");
        assertThat(HttpReply.of(Peers.curl(base + "/docs/swagger-ui-bundle.js")).status()).isEqualTo(200);

        HttpReply page = HttpReply.of(Peers.curl(base + "/"));
        assertThat(page.body()).contains("href=\"/docs\"").contains("href=\"/openapi.json\"");
    }

    @Test
    void pageAtTheRootOffersTheEcho() {
        HttpReply page = HttpReply.of(Peers.curl(base + "/"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("content-type")).startsWith("text/html");
        assertThat(page.body()).contains("new WebSocket(");
    }

    @Test
    void websocketEchoAnswersPythonWebsocketsAndClosesOnRequest() {
        Peers.Output out = Peers.python("""
                import asyncio, sys, websockets
                async def main():
                    async with websockets.connect(sys.argv[1]) as ws:
                        await ws.send("hello")
                        print(await ws.recv())
                        await ws.send("close")
                        try:
                            await ws.recv()
                        except websockets.ConnectionClosed as closed:
                            print("closed", closed.rcvd.code)
                asyncio.run(main())
                """, "ws://127.0.0.1:" + server.port() + "/ws");
        assertThat(out.exitCode()).as(out.stderr()).isZero();
        assertThat(out.stdout().lines()).containsExactly("Echo: hello", "closed 1000");
    }

    @Test
    void websocketEchoAnswersAiohttp() {
        Peers.Output out = Peers.python("""
                import asyncio, sys, aiohttp
                async def main():
                    async with aiohttp.ClientSession() as session:
                        async with session.ws_connect(sys.argv[1]) as ws:
                            for word in ("one", "two"):
                                await ws.send_str(word)
                                print((await ws.receive()).data)
                asyncio.run(main())
                """, "ws://127.0.0.1:" + server.port() + "/ws");
        assertThat(out.exitCode()).as(out.stderr()).isZero();
        assertThat(out.stdout().lines()).containsExactly("Echo: one", "Echo: two");
    }

    private HttpReply post(String body) {
        return HttpReply.of(Peers.curl("-X", "POST", "-H", "Content-Type: application/json", "-d", body,
                base + "/users"));
    }

    private HttpReply patch(String url, String body) {
        return HttpReply.of(Peers.curl("-X", "PATCH", "-H", "Content-Type: application/json", "-d", body, url));
    }

    /** The {@code loc} of each error of a 422 answer, joined with dots: {@code body.name}. */
    private static List<String> errorLocations(HttpReply reply) throws Exception {
        List<String> locations = new ArrayList<>();
        for (JsonNode error : JSON.readTree(reply.body()).get("detail")) {
            List<String> parts = new ArrayList<>();
            error.get("loc").forEach(part -> parts.add(part.asText()));
            locations.add(String.join(".", parts));
        }
        return locations;
    }

    private long userCount() {
        return Long.parseLong(database.query("SELECT count(*) FROM weft_demo.users").getFirst().getFirst());
    }
}
