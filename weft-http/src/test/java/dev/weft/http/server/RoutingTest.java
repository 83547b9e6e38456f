package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routing through the JDK's HttpClient: parameters, methods, 404/405, HEAD/OPTIONS, slashes, sub-apps. */
class RoutingTest {
    static HttpServer server;
    static WebApp app;
    static final List<String> routes = new CopyOnWriteArrayList<>();
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        var api = WebApp.create()
                .use((req, next) -> next.handle(req).header("X-Sub", "yes"))
                .named("item", "GET", "/items/{id:\\d+}", req -> Response.text("item " + req.pathParamLong("id")))
                .get("/", req -> Response.text("api root"));
        app = WebApp.create()
                .use((req, next) -> next.handle(req).header("X-Root", "yes"))
                .use((req, next) -> {
                    try {
                        return next.handle(req);
                    } finally {
                        // Seen on the way out, after routing: 404s and 405s pass through here as exceptions.
                        routes.add(req.method() + " " + req.rawPath() + " -> "
                                + req.attribute(Middlewares.ROUTE).orElse("none"));
                    }
                })
                .get("/", req -> Response.text("root"))
                .named("user", "GET", "/users/{id}", req -> Response.text("user " + req.pathParam("id")))
                .put("/users/{id}", req -> Response.text("put " + req.pathParam("id")))
                .get("/files/{path:.*}", req -> Response.text("file " + req.pathParam("path")))
                .get("/num/{n:\\d+}", req -> Response.text("number"))
                .get("/num/{word}", req -> Response.text("word"))
                .get("/slash/", req -> Response.text("with slash"))
                .route("*", "/any", req -> Response.text("any " + req.method()))
                .normalizeTrailingSlash(true)
                .mount("/api", api);
        server = LocalServer.start(app);
    }

    @AfterAll
    static void stop() {
        LocalServer.stop(server);
    }

    private static HttpResponse<String> call(String method, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void middlewaresSeeTheMatchedRouteTemplateNotThePath() throws Exception {
        call("GET", "/users/42");
        call("DELETE", "/users/43");
        call("GET", "/api/items/9");
        call("GET", "/");
        call("GET", "/nowhere/at/all");
        assertThat(routes).contains(
                "GET /users/42 -> /users/{id}",
                "DELETE /users/43 -> /users/{id}",
                "GET /api/items/9 -> /api/items/{id:\\d+}",
                "GET / -> /",
                "GET /nowhere/at/all -> none");
    }

    @Test
    void matchesLiteralParamRegexAndTailRoutes() throws Exception {
        assertThat(call("GET", "/").body()).isEqualTo("root");
        assertThat(call("GET", "/users/42").body()).isEqualTo("user 42");
        assertThat(call("GET", "/users/a%20b").body()).isEqualTo("user a b");
        assertThat(call("PUT", "/users/7").body()).isEqualTo("put 7");
        assertThat(call("GET", "/files/a/b/c.txt").body()).isEqualTo("file a/b/c.txt");
        assertThat(call("GET", "/num/12").body()).isEqualTo("number");
        assertThat(call("GET", "/num/twelve").body()).isEqualTo("word");
        assertThat(call("PATCH", "/any").body()).isEqualTo("any PATCH");
    }

    @Test
    void encodedSlashDoesNotSplitASegment() throws Exception {
        assertThat(call("GET", "/users/a%2Fb").body()).isEqualTo("user a/b");
    }

    @Test
    void unknownPathIs404ProblemAndWrongMethodIs405WithAllow() throws Exception {
        var missing = call("GET", "/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(missing.body()).contains("\"status\":404").contains("\"instance\":\"/nope\"");
        var wrong = call("DELETE", "/users/1");
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.headers().firstValue("Allow")).contains("GET, HEAD, OPTIONS, PUT");
    }

    @Test
    void headAndOptionsAreAutomatic() throws Exception {
        var head = call("HEAD", "/users/1");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).contains("6");
        assertThat(head.body()).isEmpty();
        var options = call("OPTIONS", "/users/1");
        assertThat(options.statusCode()).isEqualTo(204);
        assertThat(options.headers().firstValue("Allow")).contains("GET, HEAD, OPTIONS, PUT");
    }

    @Test
    void trailingSlashIsNormalisedByRedirect() throws Exception {
        var added = call("GET", "/slash?x=1");
        assertThat(added.statusCode()).isEqualTo(308);
        assertThat(added.headers().firstValue("Location")).contains("/slash/?x=1");
        var removed = call("GET", "/users/5/");
        assertThat(removed.statusCode()).isEqualTo(308);
        assertThat(removed.headers().firstValue("Location")).contains("/users/5");
    }

    @Test
    void subAppRunsUnderPrefixWithBothMiddlewareChains() throws Exception {
        var item = call("GET", "/api/items/9");
        assertThat(item.body()).isEqualTo("item 9");
        assertThat(item.headers().firstValue("X-Sub")).contains("yes");
        assertThat(item.headers().firstValue("X-Root")).contains("yes");
        assertThat(call("GET", "/api").body()).isEqualTo("api root");
        var rootOnly = call("GET", "/");
        assertThat(rootOnly.headers().firstValue("X-Sub")).isEmpty();
        assertThat(call("GET", "/api/items/x").statusCode()).isEqualTo(404);
    }

    @Test
    void aMiddlewareThatWrapsTheRequestReachesTheHandlerWithItsPathParameters() throws Exception {
        var sub = WebApp.create().get("/{name}", req -> Response.text(req.header("X-Tenant") + " " + req.pathParam("name")));
        var wrapping = WebApp.create()
                .use((req, next) -> next.handle(new ForwardingRequest(req) {
                    @Override
                    public String header(String name) {
                        return name.equalsIgnoreCase("X-Tenant") ? "acme" : super.header(name);
                    }
                }))
                .get("/tenants/{id}", req -> Response.text(req.header("X-Tenant") + " " + req.pathParamLong("id")
                        + " " + req.app().get("name", String.class)))
                .set("name", "wrapping")
                .mount("/sub", sub);
        HttpServer own = LocalServer.start(wrapping);
        try {
            String base = "http://127.0.0.1:" + own.port();
            var tenant = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/tenants/7")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(tenant.body()).isEqualTo("acme 7 wrapping");
            var mounted = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/sub/bob")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(mounted.body()).isEqualTo("acme bob");
        } finally {
            LocalServer.stop(own);
        }
    }

    @Test
    void buildsUrlsForNamedRoutes() {
        assertThat(app.url("user", Map.of("id", "a b/c"))).isEqualTo("/users/a%20b%2Fc");
        assertThat(app.url("item", Map.of("id", "12"))).isEqualTo("/api/items/12");
        assertThatThrownBy(() -> app.url("item", Map.of("id", "x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> app.url("nope", Map.of())).hasMessageContaining("no route named nope");
    }

    @Test
    void runningAppRefusesChangesAndBadRoutesAreRefused() {
        assertThatThrownBy(() -> app.get("/late", req -> Response.text("x"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> WebApp.create().get("no-slash", req -> null)).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> WebApp.create().get("/{a}/{a}", req -> null)).hasMessageContaining("repeated");
        assertThatThrownBy(() -> WebApp.create().get("/x", req -> null).get("/x", req -> null))
                .hasMessageContaining("added twice");
    }
}
