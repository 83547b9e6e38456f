package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.server.Response;
import dev.weft.http.server.WebApp;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResultTest {
    record Account(long id, String name, String passwordHash) {
    }

    record PublicAccount(long id, String name) {
    }

    static class Accounts {
        @Get("/accounts/{id}")
        Optional<Account> find(@Path long id) {
            return id == 1 ? Optional.of(new Account(1, "Ada", "secret")) : Optional.empty();
        }

        @Get(value = "/public/{id}", response = PublicAccount.class)
        Account publicView(@Path long id) {
            return new Account(id, "Ada", "secret");
        }

        @Get(value = "/public", response = PublicAccount.class)
        List<Account> all() {
            return List.of(new Account(1, "Ada", "secret"));
        }

        @Delete("/accounts/{id}")
        void delete(@Path long id) {
        }

        @Post(value = "/accounts/{id}/touch", status = 202)
        void touch(@Path long id) {
        }

        @Get("/teapot")
        Response teapot() {
            return Response.text(418, "short and stout");
        }
    }

    private final TestClient client = TestClient.of(Api.builder().controller(new Accounts()).mountOn(WebApp.create()));

    @Test
    void optionalIs404WhenEmpty() {
        assertThat(client.get("/accounts/1").json().get("name").asText()).isEqualTo("Ada");
        var missing = client.get("/accounts/2");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void theResponseModelFiltersTheOutput() {
        assertThat(client.get("/public/3").json().toString()).isEqualTo("{\"id\":3,\"name\":\"Ada\"}");
    }

    @Test
    void voidIs204OrTheDeclaredStatus() {
        var deleted = client.delete("/accounts/1");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(client.request("POST", "/accounts/1/touch").send().status()).isEqualTo(202);
    }

    @Test
    void aResponseIsSentAsItIs() {
        var res = client.get("/teapot");
        assertThat(res.status()).isEqualTo(418);
        assertThat(res.text()).isEqualTo("short and stout");
    }
}
