package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.server.WebApp;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Constraints on an {@code Optional} apply to what it holds; its absence is never a violation. */
class OptionalConstraintsTest {
    record Contact(@NotBlank @Size(max = 10) Optional<String> email, @NotBlank @Pattern(regexp = "[a-z ]*") Optional<String> nick,
                   @Max(150) Optional<Integer> age) {
    }

    static class Contacts {
        @Post("/contacts")
        String create(@Body Contact contact) {
            return contact.email().orElse("-") + "|" + contact.nick().orElse("-");
        }

        @Get("/search")
        String search(@Query @NotBlank Optional<String> q) {
            return q.orElse("everything");
        }
    }

    private final TestClient client = TestClient.of(Api.builder().controller(new Contacts()).mountOn(WebApp.create()));

    private TestResponse post(String json) {
        return client.request("POST", "/contacts").body(json.getBytes(StandardCharsets.UTF_8), "application/json").send();
    }

    @Test
    void missingOrNullOptionalComponentsPassTheirConstraints() {
        var missing = post("{}");
        assertThat(missing.status()).as(missing.text()).isEqualTo(200);
        assertThat(missing.json().asText()).isEqualTo("-|-");
        var nulls = post("{\"email\": null, \"nick\": null, \"age\": null}");
        assertThat(nulls.status()).as(nulls.text()).isEqualTo(200);
    }

    @Test
    void presentValuesAreCheckedByEveryConstraint() {
        var ok = post("{\"email\": \"a@b.c\", \"nick\": \"ada\", \"age\": 36}");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.json().asText()).isEqualTo("a@b.c|ada");
        var bad = post("{\"email\": \"  \", \"nick\": \"ADA\", \"age\": 200}");
        assertThat(bad.status()).isEqualTo(422);
        var detail = bad.json().get("detail");
        assertThat(detail.findValues("loc").stream().map(Object::toString).sorted())
                .containsExactly("[\"body\",\"age\"]", "[\"body\",\"email\"]", "[\"body\",\"nick\"]");
        assertThat(detail.findValues("type").stream().map(t -> t.asText()).sorted())
                .containsExactly("less_than_equal", "string_pattern_mismatch", "string_too_short");
    }

    @Test
    void anOptionalQueryParameterIsCheckedOnlyWhenSent() {
        var absent = client.get("/search");
        assertThat(absent.status()).as(absent.text()).isEqualTo(200);
        assertThat(absent.json().asText()).isEqualTo("everything");
        var blank = client.get("/search?q=%20");
        assertThat(blank.status()).isEqualTo(422);
        assertThat(blank.json().get("detail").get(0).get("loc").toString()).isEqualTo("[\"query\",\"q\"]");
        assertThat(client.get("/search?q=x").json().asText()).isEqualTo("x");
    }
}
