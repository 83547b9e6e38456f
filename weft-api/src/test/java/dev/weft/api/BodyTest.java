package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.server.WebApp;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BodyTest {
    record Address(@NotBlank String street, @Size(min = 5, max = 5) String zip) {
    }

    record Tag(@Size(max = 3) String label) {
    }

    record NewUser(@NotBlank @Size(max = 4) String name, @Min(0) @Max(150) int age, @Email Optional<String> email,
                   Address address, List<Tag> tags, BigDecimal balance) {
    }

    /** The user's own @Valid marks, on a component and on a type argument, and an optional nested record. */
    record Order(@Valid Address billing, List<@Valid Tag> tags, Optional<Address> shipping) {
    }

    static class Users {
        @Post("/addresses")
        String address(@Body @Valid Address address) {
            return address.zip();
        }

        @Post("/orders")
        String order(@Body Order order) {
            return "ok";
        }

        @Post(value = "/users", status = 201)
        NewUser create(@Body NewUser user) {
            return user;
        }

        @Post("/counts")
        Map<String, Integer> counts(@Body Map<String, Integer> counts) {
            return counts;
        }
    }

    private final TestClient client = TestClient.of(Api.builder().controller(new Users()).mountOn(WebApp.create()));

    private static final String VALID = """
            {"name": "Ada", "age": 36, "address": {"street": "Main", "zip": "12345"}, "tags": [{"label": "x"}], "balance": 0.10}""";

    private TestResponse post(String json) {
        return client.request("POST", "/users").body(json.getBytes(StandardCharsets.UTF_8), "application/json").send();
    }

    @Test
    void aValidBodyBindsToTheRecord() {
        var res = post(VALID);
        assertThat(res.status()).as(res.text()).isEqualTo(201);
        assertThat(res.json().get("address").get("zip").asText()).isEqualTo("12345");
        assertThat(res.json().get("balance").decimalValue()).isEqualByComparingTo("0.10");
        assertThat(res.json().get("email").isNull()).isTrue();
    }

    @Test
    void everyErrorIsListedWithItsLocationNestedAndInLists() {
        var res = post("""
                {"name": "", "age": 200, "email": "nope", "address": {"street": "Main", "zip": "1"}, "tags": [{"label": "x"}, {"label": "long"}], "balance": 1}""");
        assertThat(res.status()).isEqualTo(422);
        var detail = res.json().get("detail");
        assertThat(detail.findValues("loc").stream().map(Object::toString).sorted()).containsExactly(
                "[\"body\",\"address\",\"zip\"]", "[\"body\",\"age\"]", "[\"body\",\"email\"]", "[\"body\",\"name\"]",
                "[\"body\",\"tags\",1,\"label\"]");
    }

    @Test
    void missingFieldsAndWrongTypesNameTheFieldAndNoJavaClass() {
        var res = post("""
                {"name": 5, "age": "36", "address": {"zip": "12345"}, "tags": {}, "balance": "x"}""");
        assertThat(res.status()).isEqualTo(422);
        var detail = res.json().get("detail");
        assertThat(detail.findValuesAsText("type")).containsExactly("string_type", "int_type", "missing", "list_type", "float_type");
        assertThat(detail.get(2).get("loc").toString()).isEqualTo("[\"body\",\"address\",\"street\"]");
        assertThat(res.text()).doesNotContain("java", "String", "Integer", "BigDecimal", "Address");
    }

    @Test
    void numbersAreNeverTruncated() {
        var res = post(VALID.replace("36", "30.7"));
        assertThat(res.status()).isEqualTo(422);
        assertThat(res.json().get("detail").get(0).get("type").asText()).isEqualTo("int_from_float");
        assertThat(post(VALID.replace("36", "4294967296")).json().get("detail").get(0).get("loc").toString())
                .isEqualTo("[\"body\",\"age\"]");
    }

    @Test
    void theWrongJsonShapeIs422() {
        assertThat(post("null").json().get("detail").get(0).get("type").asText()).isEqualTo("model_type");
        assertThat(post("[1, 2]").json().get("detail").get(0).get("msg").asText()).isEqualTo("Input should be a valid object");
        assertThat(post("[1, 2]").status()).isEqualTo(422);
    }

    @Test
    void malformedJsonTrailingTokensAndDuplicateKeysAre400WithThePosition() {
        var malformed = post("{\"name\": \"Ada\",\n \"age\": }");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("detail").asText()).contains("line 2, column");
        var trailing = post(VALID + " {}");
        assertThat(trailing.status()).isEqualTo(400);
        assertThat(trailing.json().get("detail").asText()).contains("Trailing token");
        var duplicate = post("{\"name\": \"Ada\", \"name\": \"Bob\"}");
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.json().get("detail").asText()).contains("Duplicate field 'name'", "line 1");
    }

    @Test
    void stringLengthsCountCodePoints() {
        assertThat(post(VALID.replace("\"Ada\"", "\"\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\"")).status()).isEqualTo(201);
        assertThat(post(VALID.replace("\"Ada\"", "\"\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\"")).status()).isEqualTo(422);
    }

    @Test
    void aJsonBodyNeedsTheJsonContentType() {
        byte[] body = VALID.getBytes(StandardCharsets.UTF_8);
        assertThat(client.request("POST", "/users").body(body, "text/plain").send().status()).isEqualTo(415);
        assertThat(client.request("POST", "/users").body(body, null).send().status()).isEqualTo(415);
        assertThat(client.request("POST", "/users").body(body, "application/merge-patch+json").send().status()).isEqualTo(201);
        assertThat(client.request("POST", "/users").body(body, "application/x-www-form-urlencoded").send().status()).isEqualTo(415);
    }

    @Test
    void aMissingBodyIsReportedAndATooLargeOneIs413() {
        var missing = client.request("POST", "/users").send();
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\"]");
        byte[] huge = ("{\"name\": \"" + "a".repeat(2 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(client.request("POST", "/users").body(huge, "application/json").send().status()).isEqualTo(413);
    }

    @Test
    void explicitValidMarksAndOptionalNestedRecordsAreValidatedOnce() {
        var res = client.post("/orders", Map.of("billing", Map.of("street", "", "zip", "12345"),
                "tags", List.of(Map.of("label", "long")), "shipping", Map.of("street", "Main", "zip", "1")));
        assertThat(res.status()).isEqualTo(422);
        assertThat(res.json().get("detail").findValues("loc").stream().map(Object::toString).sorted()).containsExactly(
                "[\"body\",\"billing\",\"street\"]", "[\"body\",\"shipping\",\"zip\"]", "[\"body\",\"tags\",0,\"label\"]");
    }

    @Test
    void validOnTheBodyParameterReportsEachErrorOnce() {
        var res = client.post("/addresses", Map.of("street", "Main", "zip", "1"));
        assertThat(res.status()).isEqualTo(422);
        assertThat(res.json().get("detail")).hasSize(1);
        assertThat(client.post("/addresses", Map.of("street", "Main", "zip", "12345")).json().asText()).isEqualTo("12345");
    }

    @Test
    void mapsAndTheirValuesAreChecked() {
        var res = client.request("POST", "/counts").json(Map.of("a", 1)).send();
        assertThat(res.json().toString()).isEqualTo("{\"a\":1}");
        var bad = client.request("POST", "/counts").body("{\"a\": 1, \"b\": true}".getBytes(StandardCharsets.UTF_8), "application/json").send();
        assertThat(bad.json().get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"b\"]");
    }
}
