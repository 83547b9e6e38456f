package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.http.server.HttpServer;
import java.util.List;
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

    @BeforeAll
    void start(TestDatabase database) {
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
    void badInputGetsAProblemAndWritesNothing() throws Exception {
        int before = userCount();

        HttpReply malformed = post("{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("content-type")).startsWith("application/problem+json");
        assertThat(malformed.body()).contains("malformed JSON");

        HttpReply missing = post("{\"age\": 20}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("name: is required").contains("email: is required");

        HttpReply badAge = post("{\"name\":\"Old\",\"email\":\"old@example.org\",\"age\":151}");
        assertThat(badAge.status()).isEqualTo(400);
        assertThat(badAge.body()).contains("age: must be between 0 and 150");

        HttpReply duplicate = post("{\"name\":\"Ada again\",\"email\":\"ada@example.org\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.header("content-type")).startsWith("application/problem+json");
        assertThat(duplicate.body()).contains("ada@example.org already exists");

        assertThat(userCount()).isEqualTo(before);
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

    private int userCount() throws Exception {
        return JSON.readTree(HttpReply.of(Peers.curl(base + "/users")).body()).size();
    }
}
