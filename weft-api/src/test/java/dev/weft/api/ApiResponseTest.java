package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.http.server.Conflict;
import dev.weft.http.server.WebApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Declared and implied further responses show in the document, with the body the server really sends. */
class ApiResponseTest {
    record Item(long id, String name) {
    }

    record Moved(String location) {
    }

    static class Items {
        @Get("/items/{id}")
        Optional<Item> one(@Path long id) {
            return id == 1 ? Optional.of(new Item(1, "one")) : Optional.empty();
        }

        @Put("/items/{id}")
        @ApiResponse(status = 404, description = "No item has this id")
        @ApiResponse(status = 409, description = "The name is taken")
        Item replace(@Path long id, @Body Item item) {
            throw new Conflict("the name " + item.name() + " is taken");
        }

        @Delete("/items/{id}")
        @ApiResponses({@ApiResponse(status = 404, description = "No item has this id"),
                @ApiResponse(status = 307, description = "Stored elsewhere", model = Moved.class),
                @ApiResponse(status = 202, description = "Deleted later")})
        void delete(@Path long id) {
        }
    }

    static class Twice {
        @Get("/x")
        @ApiResponse(status = 404, description = "one")
        @ApiResponse(status = 404, description = "two")
        String x() {
            return "x";
        }
    }

    static class OutOfRange {
        @Get("/x")
        @ApiResponse(status = 700, description = "what")
        String x() {
            return "x";
        }
    }

    static class SuccessAgain {
        @Post(value = "/x", status = 201)
        @ApiResponse(status = 201, description = "made")
        String x() {
            return "x";
        }
    }

    private final Api api = Api.builder().title("Items").version("1").controller(new Items()).build();

    private JsonNode operation(String path, String method) throws Exception {
        return ApiJson.MAPPER.readTree(api.openApi()).get("paths").get(path).get(method);
    }

    private static String problemRef(JsonNode response) {
        return response.get("content").get("application/problem+json").get("schema").get("$ref").asText();
    }

    @Test
    void declaredErrorsShowWithTheirDescriptionAndTheProblemSchema() throws Exception {
        JsonNode responses = operation("/items/{id}", "put").get("responses");
        assertThat(fieldNames(responses)).isEqualTo("200,404,409,422");
        assertThat(responses.get("404").get("description").asText()).isEqualTo("No item has this id");
        assertThat(responses.get("409").get("description").asText()).isEqualTo("The name is taken");
        assertThat(problemRef(responses.get("409"))).isEqualTo("#/components/schemas/ProblemDetails");
        JsonNode problem = ApiJson.MAPPER.readTree(api.openApi()).get("components").get("schemas").get("ProblemDetails");
        assertThat(fieldNames(problem.get("properties"))).isEqualTo("type,title,status,detail,instance");
        assertThat(problem.get("required").toString()).isEqualTo("[\"type\",\"title\",\"status\",\"detail\"]");
    }

    @Test
    void anOptionalResultHasItsNotFoundDocumented() throws Exception {
        JsonNode notFound = operation("/items/{id}", "get").get("responses").get("404");
        assertThat(notFound.get("description").asText()).isEqualTo("Not Found");
        assertThat(problemRef(notFound)).isEqualTo("#/components/schemas/ProblemDetails");
    }

    @Test
    void otherStatusesTakeTheirModelOrNoBody() throws Exception {
        JsonNode responses = operation("/items/{id}", "delete").get("responses");
        assertThat(fieldNames(responses)).isEqualTo("202,204,307,404,422");
        assertThat(responses.get("202").toString()).isEqualTo("{\"description\":\"Deleted later\"}");
        assertThat(responses.get("307").get("content").get("application/json").get("schema").get("$ref").asText())
                .isEqualTo("#/components/schemas/Moved");
    }

    @Test
    void theServerAnswersWhatTheDocumentShows() throws Exception {
        var client = TestClient.of(api.mountOn(WebApp.create()));
        var missing = client.get("/items/2");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).isEqualTo("application/problem+json");
        var taken = client.put("/items/1", new Item(1, "one"));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode schema = ApiJson.MAPPER.readTree(api.openApi()).get("components").get("schemas").get("ProblemDetails");
        for (JsonNode body : List.of(missing.json(), taken.json())) {
            assertThat(fieldNames(body)).isEqualTo(fieldNames(schema.get("properties")));
        }
    }

    @Test
    void theDocumentPassesSwaggerParser() {
        var doc = SwaggerCheck.parsedWithoutMessages(api.openApi());
        assertThat(doc.getPaths().get("/items/{id}").getPut().getResponses()).containsKeys("404", "409");
    }

    @Test
    void aBadDeclarationIsRefusedAtStartUp() {
        assertThatThrownBy(() -> Api.builder().controller(new Twice()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("declared twice: 404");
        assertThatThrownBy(() -> Api.builder().controller(new OutOfRange()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range: 700");
        assertThatThrownBy(() -> Api.builder().controller(new SuccessAgain()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("success status: 201");
    }

    private static String fieldNames(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return String.join(",", names);
    }
}
