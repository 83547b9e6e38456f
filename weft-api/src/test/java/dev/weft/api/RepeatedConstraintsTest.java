package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.http.server.WebApp;
import io.swagger.v3.oas.models.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every one of several constraints of a kind on one value shows in the document, and all of them hold. */
class RepeatedConstraintsTest {
    record Code(@Pattern(regexp = "[a-z0-9]*") @Pattern(regexp = ".*[0-9].*") @Size(max = 8) String code,
                @NotBlank @Size(min = 3) @Size(max = 5) @Pattern(regexp = "[a-z]*") @Pattern(regexp = "a.*") Optional<String> tag,
                @Min(1) @Min(3) @Max(10) @Max(7) int level) {
    }

    static class Codes {
        @Post("/codes")
        String create(@Body Code code) {
            return code.code();
        }

        @Get("/find")
        String find(@Query @Pattern(regexp = "[A-Z]+") @Pattern(regexp = "X.*") String key) {
            return key;
        }
    }

    private final Api api = Api.builder().title("Codes").version("1").controller(new Codes()).build();

    private JsonNode doc() throws Exception {
        return ApiJson.MAPPER.readTree(api.openApi());
    }

    @Test
    void repeatedPatternsAllShowThroughAllOf() throws Exception {
        JsonNode p = doc().get("components").get("schemas").get("Code").get("properties");
        assertThat(p.get("code").toString()).isEqualTo("{\"type\":\"string\",\"pattern\":\"[a-z0-9]*\",\"maxLength\":8,"
                + "\"allOf\":[{\"pattern\":\".*[0-9].*\"}]}");
        assertThat(p.get("tag").toString()).isEqualTo("{\"type\":[\"string\",\"null\"],\"minLength\":3,\"maxLength\":5,"
                + "\"pattern\":\"[a-z]*\",\"allOf\":[{\"pattern\":\"a.*\"}]}");
        JsonNode key = doc().get("paths").get("/find").get("get").get("parameters").get(0).get("schema");
        assertThat(key.toString()).isEqualTo("{\"type\":\"string\",\"pattern\":\"[A-Z]+\",\"allOf\":[{\"pattern\":\"X.*\"}]}");
    }

    @Test
    void repeatedBoundsKeepTheStrictest() throws Exception {
        JsonNode level = doc().get("components").get("schemas").get("Code").get("properties").get("level");
        assertThat(level.toString()).isEqualTo("{\"type\":\"integer\",\"format\":\"int32\",\"minimum\":3,\"maximum\":7}");
    }

    @Test
    void theDocumentPassesSwaggerParser() {
        var doc = SwaggerCheck.parsedWithoutMessages(api.openApi());
        Schema<?> code = (Schema<?>) doc.getComponents().getSchemas().get("Code").getProperties().get("code");
        assertThat(code.getAllOf()).hasSize(1);
    }

    @Test
    void theValidatorAppliesEveryRepeatedConstraintTheDocumentShows() {
        var client = TestClient.of(api.mountOn(WebApp.create()));
        var res = client.request("POST", "/codes").body("{\"code\": \"abc\", \"tag\": \"bcd\", \"level\": 2}"
                .getBytes(StandardCharsets.UTF_8), "application/json").send();
        assertThat(res.status()).isEqualTo(422);
        assertThat(res.json().get("detail").findValues("loc").stream().map(Object::toString).sorted()).containsExactly(
                "[\"body\",\"code\"]", "[\"body\",\"level\"]", "[\"body\",\"tag\"]");
        assertThat(client.get("/find?key=ABC").status()).isEqualTo(422);
        assertThat(client.get("/find?key=XBC").status()).isEqualTo(200);
    }
}
