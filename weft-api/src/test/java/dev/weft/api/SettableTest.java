package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.http.server.WebApp;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A PATCH body tells apart a field left out, a field set to null (cleared) and a new value. */
class SettableTest {
    record Address(@NotBlank String city) {
    }

    record UserPatch(Settable<@NotBlank String> name, @Email Settable<String> email, @Max(150) Settable<Integer> age,
                     Settable<Address> address) {
    }

    static class Users {
        @Patch("/users/{id}")
        Map<String, String> patch(@Path long id, @Body UserPatch patch) {
            return Map.of("name", describe(patch.name()), "email", describe(patch.email()), "age", describe(patch.age()),
                    "address", describe(patch.address()));
        }

        private static String describe(Settable<?> field) {
            return !field.isSet() ? "unchanged" : field.value().map(v -> "set to " + v).orElse("cleared");
        }
    }

    private final Api api = Api.builder().controller(new Users()).build();
    private final TestClient client = TestClient.of(api.mountOn(WebApp.create()));

    private TestResponse patch(String json) {
        return client.request("PATCH", "/users/7").body(json.getBytes(StandardCharsets.UTF_8), "application/json").send();
    }

    @Test
    void absentNullAndValueAreThreeDifferentThings() {
        var response = patch("{\"email\": null, \"age\": 36, \"address\": {\"city\": \"Paris\"}}");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.json().get("name").asText()).isEqualTo("unchanged");
        assertThat(response.json().get("email").asText()).isEqualTo("cleared");
        assertThat(response.json().get("age").asText()).isEqualTo("set to 36");
        assertThat(response.json().get("address").asText()).isEqualTo("set to Address[city=Paris]");
        assertThat(patch("{}").json().get("email").asText()).isEqualTo("unchanged");
    }

    @Test
    void constraintsCheckOnlyAValueThatIsThere() {
        var bad = patch("{\"name\": \" \", \"email\": \"not an address\", \"age\": 200, \"address\": {\"city\": \"\"}}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("detail").findValues("loc").stream().map(Object::toString).sorted()).containsExactly(
                "[\"body\",\"address\",\"city\"]", "[\"body\",\"age\"]", "[\"body\",\"email\"]", "[\"body\",\"name\"]");
        assertThat(patch("{\"name\": null, \"email\": null, \"age\": null, \"address\": null}").status()).isEqualTo(200);
        var wrongType = patch("{\"age\": \"old\"}");
        assertThat(wrongType.status()).isEqualTo(422);
        assertThat(wrongType.json().get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"age\"]");
    }

    @Test
    void theDocumentShowsOptionalNullableFields() throws Exception {
        var schema = ApiJson.MAPPER.readTree(api.openApi()).get("components").get("schemas").get("UserPatch");
        assertThat(schema.has("required")).isFalse();
        assertThat(schema.get("properties").get("email").toString()).isEqualTo("{\"type\":[\"string\",\"null\"],\"format\":\"email\"}");
        assertThat(schema.get("properties").get("age").get("maximum").asInt()).isEqualTo(150);
        SwaggerCheck.parsedWithoutMessages(api.openApi());
    }

    @Test
    void writtenAsItsValueAndRefusedWhereItMeansNothing() throws Exception {
        assertThat(ApiJson.MAPPER.writeValueAsString(new UserPatch(Settable.unset(), Settable.of(null), Settable.of(3),
                Settable.unset()))).isEqualTo("{\"name\":null,\"email\":null,\"age\":3,\"address\":null}");
        assertThat(Settable.of(null)).isEqualTo(Settable.of(null)).isNotEqualTo(Settable.unset());
        assertThatThrownBy(() -> Settable.unset().value()).isInstanceOf(IllegalStateException.class);
        class QueryUse {
            @Get("/q")
            String q(@Query Settable<String> q) {
                return "";
            }
        }
        class Nested {
            @Patch("/n")
            String n(@Body Map<String, Settable<Optional<String>>> body) {
                return "";
            }
        }
        assertThatThrownBy(() -> Api.builder().controller(new QueryUse()).build()).hasMessageContaining("parameter 'q'");
        assertThatThrownBy(() -> Api.builder().controller(new Nested()).build()).hasMessageContaining("Settable already tells a null apart");
        assertThat(List.of(Settable.unset().toString(), Settable.of(1).toString())).containsExactly("Settable.unset", "Settable[1]");
    }
}
