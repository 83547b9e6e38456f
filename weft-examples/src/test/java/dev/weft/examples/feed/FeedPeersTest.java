package dev.weft.examples.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.examples.DemoApp;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two demo instances on one database, their feeds read by peers nobody here wrote: Python's
 * {@code websockets} and an aiohttp SSE reader see changes made through either instance, and curl resumes
 * an SSE stream with {@code Last-Event-ID}.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedPeersTest {
    private static final long PEER_TIMEOUT_SECONDS = 60;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Process, Path> ERRORS = new ConcurrentHashMap<>();

    private TestDatabase database;
    private long lastUserId;
    private HttpServer first;
    private HttpServer second;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(TestDatabase database) {
        this.database = database;
        database.execute("GRANT CREATE ON DATABASE " + database.name() + " TO scram_user"); // for schema weft_demo
        String uri = database.uri("scram_user", "scram_pass");
        first = HttpServer.start(DemoApp.create(uri), ServerConfig.builder().host("127.0.0.1").port(0).build());
        second = HttpServer.start(DemoApp.create(uri), ServerConfig.builder().host("127.0.0.1").port(0).build());
    }

    @AfterAll
    void stop() {
        second.close();
        first.close();
    }

    @Test
    void pythonClientsOnEitherInstanceSeeChangesMadeThroughTheOther() throws Exception {
        Process python = start("/usr/bin/python3", "-u", "-c", """
                import asyncio, json, sys, aiohttp, websockets
                async def sse(url, out):
                    async with aiohttp.ClientSession() as session:
                        async with session.get(url) as response:
                            event = {}
                            async for raw in response.content:
                                line = raw.decode().rstrip("\\n")
                                if line:
                                    name, _, value = line.partition(": ")
                                    event[name] = value
                                    continue
                                if event.get("event") == "ready":
                                    out.put_nowait("ready")
                                elif "data" in event:
                                    change = json.loads(event["data"])
                                    out.put_nowait("sse %s %s %s" % (event["id"], change["kind"], change["user"]["name"]))
                                event = {}
                async def ws(url, out):
                    async with websockets.connect(url) as socket:
                        async for message in socket:
                            change = json.loads(message)
                            if change["kind"] == "ready":
                                out.put_nowait("ready")
                            else:
                                out.put_nowait("ws %s %s %s" % (change["id"], change["kind"], change["user"]["name"]))
                async def main():
                    out = asyncio.Queue()
                    tasks = [asyncio.create_task(sse(sys.argv[1], out)), asyncio.create_task(ws(sys.argv[2], out))]
                    lines = [await out.get() for _ in range(2)]
                    print("ready" if lines == ["ready", "ready"] else lines, flush=True)
                    for line in sorted([await out.get() for _ in range(4)]):
                        print(line, flush=True)
                    for task in tasks:
                        task.cancel()
                asyncio.run(main())
                """, "http://127.0.0.1:" + first.port() + "/events", "ws://127.0.0.1:" + second.port() + "/ws/events");
        try (var out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))) {
            String ready = out.readLine();
            assertThat(ready).as("%s", stderrOf(python)).isEqualTo("ready");
            long created = post(first, "{\"name\":\"Peer Ada\"}");
            long patched = send(second, "PATCH", "/users/" + lastUserId, "{\"name\":\"Peer Ada II\"}");
            assertThat(python.waitFor(PEER_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("python ended").isTrue();
            assertThat(python.exitValue()).as("%s", stderrOf(python)).isZero();
            assertThat(out.lines().toList()).containsExactly(
                    "sse " + created + " created Peer Ada",
                    "sse " + patched + " updated Peer Ada II",
                    "ws " + created + " created Peer Ada",
                    "ws " + patched + " updated Peer Ada II");
        } finally {
            python.destroyForcibly();
        }
    }

    @Test
    void curlResumesAnEventStreamWithLastEventId() throws Exception {
        long seen = post(second, "{\"name\":\"Before Curl\"}");
        List<Long> missed = List.of(post(first, "{\"name\":\"Curl Missed One\"}"), post(second, "{\"name\":\"Curl Missed Two\"}"));
        Process curl = start("curl", "-N", "-s", "--max-time", Long.toString(PEER_TIMEOUT_SECONDS),
                "-H", "Last-Event-ID: " + seen, "http://127.0.0.1:" + first.port() + "/events");
        try (var out = new BufferedReader(new InputStreamReader(curl.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> ids = new ArrayList<>();
            while (ids.size() < 3) {
                String line = out.readLine();
                assertThat(line).as("curl's stream ended early").isNotNull();
                if (line.startsWith("id: ")) {
                    ids.add(line.substring(4));
                }
            }
            assertThat(ids).containsExactly(Long.toString(seen), missed.get(0).toString(), missed.get(1).toString());
        } finally {
            curl.destroyForcibly();
        }
    }

    /** Creates a user through {@code server} and returns the change-log id of the change. */
    private long post(HttpServer server, String body) throws Exception {
        return send(server, "POST", "/users", body);
    }

    /** Sends a write and returns the change-log id of the change it made (the newest: the tests write one at a time). */
    private long send(HttpServer server, String method, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        lastUserId = JSON.readTree(response.body()).get("id").asLong();
        return Long.parseLong(database.query("SELECT max(id) FROM weft_demo.user_changes").getFirst().getFirst());
    }

    /** Starts a peer whose stderr goes to a file, read back when it fails. */
    private static Process start(String... command) throws IOException {
        Path stderr = Files.createTempFile("feed-peer", ".err");
        stderr.toFile().deleteOnExit();
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        process.getOutputStream().close();
        ERRORS.put(process, stderr);
        return process;
    }

    private static String stderrOf(Process process) {
        try {
            return "stderr: " + Files.readString(ERRORS.get(process));
        } catch (IOException e) {
            return "stderr unreadable: " + e;
        }
    }
}
