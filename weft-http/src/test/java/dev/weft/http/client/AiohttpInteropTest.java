package dev.weft.http.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client against a server nobody here wrote: Python's aiohttp (Debian's python3-aiohttp), with
 * chunked and compressed responses, redirects, and a short keep-alive timeout so that the server
 * closes idle connections under the client (the keep-alive race, for real).
 */
class AiohttpInteropTest {
    private static final String SERVER = """
            import asyncio, json
            from aiohttp import web
            async def text(request):
                return web.Response(text="h\\u00e9llo from aiohttp")
            async def echo(request):
                body = await request.read()
                return web.json_response({"method": request.method, "length": len(body),
                                          "chunked": request.headers.get("Transfer-Encoding"),
                                          "type": request.content_type, "body": body.decode("utf-8", "replace")[:100]})
            async def stream(request):
                response = web.StreamResponse()
                response.content_type = "text/plain"
                await response.prepare(request)
                for i in range(50):
                    await response.write(("line %d\\n" % i).encode())
                await response.write_eof()
                return response
            async def compressed(request):
                response = web.Response(text="aiohttp " * 5000)
                response.enable_compression()
                return response
            async def redirect(request):
                raise web.HTTPFound("/text")
            async def form(request):
                data = await request.post()
                return web.json_response(dict(data))
            app = web.Application()
            app.add_routes([web.get("/text", text), web.post("/echo", echo), web.put("/echo", echo),
                            web.get("/stream", stream), web.get("/compressed", compressed),
                            web.get("/redirect", redirect), web.post("/form", form)])
            async def main():
                runner = web.AppRunner(app, keepalive_timeout=0.3)
                await runner.setup()
                site = web.TCPSite(runner, "127.0.0.1", 0)
                await site.start()
                print(site._server.sockets[0].getsockname()[1], flush=True)
                await asyncio.sleep(300)
            asyncio.run(main())
            """;

    record Echo(String method, int length, String chunked, String type, String body) {
    }

    private static Process python;
    private static String base;
    private final HttpClient client = HttpClient.create();

    @BeforeAll
    static void startAiohttp() throws Exception {
        python = new ProcessBuilder("/usr/bin/python3", "-c", SERVER).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var reader = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
        base = "http://127.0.0.1:" + Integer.parseInt(reader.readLine().strip());
    }

    @AfterAll
    static void stopAiohttp() throws Exception {
        python.destroy();
        python.waitFor();
    }

    @AfterEach
    void noLeak() {
        assertThat(client.poolStatistics().inUse()).isZero();
        client.close();
    }

    @Test
    void readsTextWithItsCharsetAndFollowsRedirects() {
        assertThat(client.get(base + "/text").text()).isEqualTo("h\u00e9llo from aiohttp");
        try (ClientResponse response = client.get(base + "/redirect")) {
            assertThat(response.text()).isEqualTo("h\u00e9llo from aiohttp");
            assertThat(response.history()).extracting(ClientResponse::status).containsExactly(302);
        }
    }

    @Test
    void sendsJsonFormAndChunkedBodies() {
        Echo json = client.post(base + "/echo", RequestBody.json(Map.of("a", 1))).json(Echo.class);
        assertThat(json).isEqualTo(new Echo("POST", 7, null, "application/json", "{\"a\":1}"));
        Echo streamed = client.put(base + "/echo", RequestBody.stream(
                new ByteArrayInputStream("x".repeat(100_000).getBytes(StandardCharsets.UTF_8)), "text/plain")).json(Echo.class);
        assertThat(streamed.length()).isEqualTo(100_000);
        assertThat(streamed.chunked()).isEqualTo("chunked");
        assertThat(client.post(base + "/form", RequestBody.form(Map.of("name", "\u00e9 & co"))).json(Map.class))
                .isEqualTo(Map.of("name", "\u00e9 & co"));
    }

    @Test
    void readsChunkedStreamsAndCompressedBodies() {
        try (var lines = client.get(base + "/stream").lines()) {
            assertThat(lines.toList()).hasSize(50).startsWith("line 0").endsWith("line 49");
        }
        try (ClientResponse response = client.get(base + "/compressed")) {
            assertThat(response.header("Content-Encoding")).isIn("gzip", "deflate");
            assertThat(response.text()).isEqualTo("aiohttp ".repeat(5000));
        }
    }

    @Test
    void survivesTheServerClosingIdleConnections() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(client.get(base + "/text").text()).isEqualTo("h\u00e9llo from aiohttp");
            Thread.sleep(600); // longer than aiohttp's keep-alive timeout of 0.3 s
            assertThat(client.put(base + "/echo", RequestBody.text("again")).json(Echo.class).length()).isEqualTo(5);
        }
    }
}
