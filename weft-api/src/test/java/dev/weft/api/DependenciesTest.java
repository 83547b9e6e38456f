package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.server.Request;
import dev.weft.http.server.WebApp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DependenciesTest {
    /** A resource that records what happens to it, standing in for a pooled transaction. */
    record Resource(String name, List<String> log) {
    }

    record Outer(Resource resource) {
    }

    record Settings(int made) {
    }

    record Caller(String agent) {
    }

    static final class Providers {
        final List<String> log = new CopyOnWriteArrayList<>();
        final AtomicInteger settingsMade = new AtomicInteger();

        @Provides(singleton = true)
        Settings settings() {
            return new Settings(settingsMade.incrementAndGet());
        }

        @Provides
        Resource resource(RequestScope scope, Settings settings) {
            log.add("open inner");
            scope.onClose(failure -> log.add(failure == null ? "commit inner" : "rollback inner: " + failure.getMessage()));
            return new Resource("inner", log);
        }

        @Provides
        Outer outer(Resource resource, RequestScope scope) {
            log.add("open outer");
            scope.onClose(failure -> log.add(failure == null ? "close outer" : "abort outer"));
            return new Outer(resource);
        }

        @Provides
        Caller caller(@Header("User-Agent") String agent, Request request) {
            return new Caller(agent + " " + request.method());
        }
    }

    static class Handlers {
        @Get("/ok")
        String ok(Outer outer, Resource same, Settings settings) {
            return (outer.resource() == same) + " " + settings.made();
        }

        @Get("/fail")
        String fail(Outer outer) {
            throw new IllegalStateException("boom");
        }

        @Get("/caller")
        String caller(Caller caller) {
            return caller.agent();
        }
    }

    private final Providers providers = new Providers();

    private TestClient client(Api.Builder builder) {
        return TestClient.of(builder.controller(new Handlers()).mountOn(WebApp.create()));
    }

    @Test
    void oneValuePerRequestCleanedUpInReverseOrder() {
        var client = client(Api.builder().providers(providers));
        assertThat(client.get("/ok").json().asText()).isEqualTo("true 1");
        assertThat(providers.log).containsExactly("open inner", "open outer", "close outer", "commit inner");
        assertThat(client.get("/ok").json().asText()).isEqualTo("true 1");
        assertThat(providers.settingsMade).hasValue(1);
    }

    @Test
    void cleanUpRunsOnFailureAndLearnsOfIt() {
        var client = client(Api.builder().providers(providers));
        assertThat(client.get("/fail").status()).isEqualTo(500);
        assertThat(providers.log).containsExactly("open inner", "open outer", "abort outer", "rollback inner: boom");
    }

    @Test
    void providersTakeRequestDataWhichShowsInTheDocs() {
        Api api = Api.builder().providers(providers).controller(new Handlers()).build();
        var client = TestClient.of(api.mountOn(WebApp.create()));
        assertThat(client.request("GET", "/caller").header("User-Agent", "curl").send().json().asText()).isEqualTo("curl GET");
        var missing = client.get("/caller");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("detail").get(0).get("loc").toString()).isEqualTo("[\"header\",\"User-Agent\"]");
        assertThat(api.openApi()).contains("\"name\" : \"User-Agent\"");
    }

    @Test
    void overridesReplaceProvidersForTests() {
        var client = client(Api.builder().providers(providers)
                .override(Resource.class, scope -> new Resource("fake", List.of()))
                .override(Caller.class, scope -> new Caller("tester")));
        assertThat(client.get("/caller").json().asText()).isEqualTo("tester");
        assertThat(client.get("/ok").status()).isEqualTo(200);
        assertThat(providers.log).containsExactly("open outer", "close outer");
    }

    @Test
    void concurrentRequestsEachGetTheirOwnValues() throws Exception {
        var app = Api.builder().providers(providers).controller(new Handlers()).mountOn(WebApp.create());
        try (var client = TestClient.serving(app); var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var answers = new ArrayList<Future<String>>();
            for (int i = 0; i < 100; i++) {
                String agent = "agent-" + i;
                answers.add(threads.submit(() -> client.request("GET", "/caller").header("User-Agent", agent).send().json().asText()));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("agent-" + i + " GET");
            }
        }
    }

    @Test
    void valuesAndLambdasProvideToo() {
        var client = client(Api.builder().providers(providers)
                .override(Settings.class, scope -> new Settings(42)));
        assertThat(client.get("/ok").json().asText()).isEqualTo("true 42");
    }
}
