package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.server.Request;
import dev.weft.http.server.Response;
import dev.weft.http.server.WebApp;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BindingTest {
    enum Color { RED, GREEN }

    record Page(@Min(1) int page, Optional<Integer> size) {
    }

    static class Items {
        @Get("/items/{id}")
        String item(@Path long id, @Query Optional<String> q, @Query @Default("10") @Max(100) int limit,
                    @Header String userAgent, @Cookie Optional<String> session) {
            return id + "|" + q.orElse("-") + "|" + limit + "|" + userAgent + "|" + session.orElse("-");
        }

        @Get("/typed")
        List<Object> typed(UUID id, Color color, LocalDate day, @Query List<Integer> n, @Query Set<String> tag, boolean flag) {
            return List.of(id, color, day, n, tag, flag);
        }

        @Get("/paged")
        Page paged(@Query Page page) {
            return page;
        }

        @Get("/implicit/{name}")
        String implicit(String name, int times, Request request) {
            return name.repeat(times) + " " + request.method();
        }
    }

    private final WebApp app = Api.builder().controller(new Items()).mountOn(
            WebApp.create().get("/plain", req -> Response.text("plain handler")));
    private final TestClient client = TestClient.of(app);

    @Test
    void pathQueryHeaderAndCookieParametersBindByName() {
        var res = client.request("GET", "/items/7?q=x&limit=5").header("User-Agent", "curl").header("Cookie", "session=s1").send();
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().asText()).isEqualTo("7|x|5|curl|s1");
        var defaults = client.request("GET", "/items/7").header("User-Agent", "curl").send();
        assertThat(defaults.json().asText()).isEqualTo("7|-|10|curl|-");
    }

    @Test
    void plainHandlersLiveBesideControllers() {
        assertThat(client.get("/plain").text()).isEqualTo("plain handler");
    }

    @Test
    void scalarTypesConvertFromStrings() {
        var res = client.get("/typed?id=0b4f4a4e-6f1c-4b8e-9a7e-2a51f4f5c001&color=GREEN&day=2026-12-02&n=1&n=2&tag=a&tag=a&flag=yes");
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        assertThat(res.json().toString())
                .isEqualTo("[\"0b4f4a4e-6f1c-4b8e-9a7e-2a51f4f5c001\",\"GREEN\",\"2026-12-02\",[1,2],[\"a\"],true]");
    }

    @Test
    void wrongScalarsAnswer422WithEveryLocation() {
        var res = client.request("GET", "/items/abc?limit=abc").send();
        assertThat(res.status()).isEqualTo(422);
        var detail = res.json().get("detail");
        assertThat(detail).hasSize(3);
        assertThat(detail.get(0).get("loc").toString()).isEqualTo("[\"path\",\"id\"]");
        assertThat(detail.get(0).get("type").asText()).isEqualTo("int_parsing");
        assertThat(detail.get(1).get("loc").toString()).isEqualTo("[\"query\",\"limit\"]");
        assertThat(detail.get(2).get("loc").toString()).isEqualTo("[\"header\",\"user-agent\"]");
        assertThat(detail.get(2).get("type").asText()).isEqualTo("missing");
        assertThat(res.text()).doesNotContain("java.", "Integer", "Long");
    }

    @Test
    void listItemsEnumsAndUuidsAreCheckedOneByOne() {
        var res = client.get("/typed?id=1-2-3-4-5&color=BLUE&day=02/12/2026&n=1&n=x&tag=a&flag=maybe");
        assertThat(res.status()).isEqualTo(422);
        var detail = res.json().get("detail");
        assertThat(detail.findValuesAsText("type")).containsExactly("uuid_parsing", "enum", "date_parsing", "int_parsing", "bool_parsing");
        assertThat(detail.get(1).get("msg").asText()).isEqualTo("Input should be 'RED' or 'GREEN'");
        assertThat(detail.get(3).get("loc").toString()).isEqualTo("[\"query\",\"n\",1]");
    }

    @Test
    void constraintsOnScalarParametersAreValidated() {
        var res = client.request("GET", "/items/7?limit=1000").header("User-Agent", "x").send();
        assertThat(res.status()).isEqualTo(422);
        var error = res.json().get("detail").get(0);
        assertThat(error.get("loc").toString()).isEqualTo("[\"query\",\"limit\"]");
        assertThat(error.get("type").asText()).isEqualTo("less_than_equal");
        assertThat(error.get("msg").asText()).isEqualTo("must be less than or equal to 100");
    }

    @Test
    void aRecordGroupsQueryParameters() {
        assertThat(client.get("/paged?page=2&size=50").json().toString()).isEqualTo("{\"page\":2,\"size\":50}");
        var res = client.get("/paged?page=0");
        assertThat(res.status()).isEqualTo(422);
        assertThat(res.json().get("detail").get(0).get("loc").toString()).isEqualTo("[\"query\",\"page\"]");
        assertThat(client.get("/paged").json().get("detail").get(0).get("type").asText()).isEqualTo("missing");
    }

    @Test
    void unannotatedParametersFollowFastApisRules() {
        assertThat(client.get("/implicit/ab?times=2").json().asText()).isEqualTo("abab GET");
    }
}
