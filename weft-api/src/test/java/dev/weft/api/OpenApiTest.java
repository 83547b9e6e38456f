package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.http.server.Response;
import dev.weft.http.server.WebApp;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.reflect.Type;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OpenApiTest {
    enum Role { ADMIN, MEMBER }

    @Description("A person using the service")
    record User(UUID id, @Description("Display name") @NotBlank @Size(max = 100) String name, @Email String email,
                Role role, Optional<URI> homepage, Instant created, Map<String, Integer> scores, List<User> friends) {
    }

    record Page<T>(List<T> items, @Min(0) long total) {
    }

    record NewUser(@NotBlank @Pattern(regexp = "[a-z]+") String name, @Min(0) @Max(150) int age) {
    }

    record Problem(String title, List<ValidationError> errors) {
    }

    static class Users {
        @Get(value = "/users", tags = "users", summary = "List users")
        Page<User> list(@Query @Default("20") @Max(100) @Description("Page size") int limit, @Query List<String> tag) {
            return new Page<>(List.of(), 0);
        }

        @Get(value = "/users/{id}", tags = "users")
        @Description("One user by id")
        Optional<User> one(@Path UUID id) {
            return Optional.empty();
        }

        @Post(value = "/users", status = 201, tags = "users")
        User create(@Body NewUser body, BearerToken token) {
            return null;
        }

        @Delete(value = "/users/{id}", deprecated = true, operationId = "removeUser")
        void remove(@Path UUID id) {
        }

        @Get("/raw")
        Response raw() {
            return Response.text("raw");
        }
    }

    private final ErrorFormat problems = new ErrorFormat() {
        @Override
        public Type model() {
            return Problem.class;
        }

        @Override
        public Object body(List<ValidationError> errors) {
            return new Problem("invalid request", errors);
        }

        @Override
        public int status() {
            return 400;
        }
    };

    private Api api(ErrorFormat format) {
        return Api.builder().title("Users").version("2.0").description("The users API").controller(new Users())
                .security(SecurityScheme.bearer("token")).errorFormat(format).build();
    }

    private static JsonNode tree(Api api) throws Exception {
        return ApiJson.MAPPER.readTree(api.openApi());
    }

    @Test
    void theDocumentPassesSwaggerParserWithoutMessages() {
        var options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(api(ErrorFormat.fastApi()).openApi(), null, options);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(result.getOpenAPI().getPaths()).containsKeys("/users", "/users/{id}", "/raw");
        assertThat(result.getOpenAPI().getComponents().getSchemas()).containsKeys("User", "Page_User", "NewUser",
                "HttpValidationError", "ValidationError");
    }

    @Test
    void operationsCarryIdsTagsParametersBodiesResponsesAndSecurity() throws Exception {
        JsonNode paths = tree(api(ErrorFormat.fastApi())).get("paths");
        JsonNode list = paths.get("/users").get("get");
        assertThat(list.get("operationId").asText()).isEqualTo("list");
        assertThat(list.get("tags").toString()).isEqualTo("[\"users\"]");
        JsonNode limit = list.get("parameters").get(0);
        assertThat(limit.toString()).isEqualTo("{\"name\":\"limit\",\"in\":\"query\",\"required\":false,\"description\":\"Page size\","
                + "\"schema\":{\"type\":\"integer\",\"format\":\"int32\",\"maximum\":100,\"default\":20}}");
        assertThat(list.get("parameters").get(1).get("schema").toString()).isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}");
        assertThat(list.get("responses").get("200").get("content").get("application/json").get("schema").get("$ref").asText())
                .isEqualTo("#/components/schemas/Page_User");
        assertThat(list.get("responses").get("422").get("content").get("application/json").get("schema").get("$ref").asText())
                .isEqualTo("#/components/schemas/HttpValidationError");
        JsonNode one = paths.get("/users/{id}").get("get");
        assertThat(one.get("description").asText()).isEqualTo("One user by id");
        assertThat(one.get("responses").has("404")).isTrue();
        assertThat(one.get("parameters").get(0).get("schema").get("format").asText()).isEqualTo("uuid");
        JsonNode create = paths.get("/users").get("post");
        assertThat(create.get("responses").has("201")).isTrue();
        assertThat(create.get("requestBody").get("required").asBoolean()).isTrue();
        assertThat(create.get("security").toString()).isEqualTo("[{\"token\":[]}]");
        JsonNode remove = paths.get("/users/{id}").get("delete");
        assertThat(remove.get("operationId").asText()).isEqualTo("removeUser");
        assertThat(remove.get("deprecated").asBoolean()).isTrue();
        assertThat(remove.get("responses").has("204")).isTrue();
    }

    @Test
    void recordsBecomeJsonSchemas() throws Exception {
        JsonNode schemas = tree(api(ErrorFormat.fastApi())).get("components").get("schemas");
        JsonNode user = schemas.get("User");
        assertThat(user.get("description").asText()).isEqualTo("A person using the service");
        assertThat(user.get("required").toString()).doesNotContain("homepage").contains("\"name\"", "\"friends\"");
        JsonNode p = user.get("properties");
        assertThat(p.get("name").toString()).isEqualTo("{\"type\":\"string\",\"minLength\":1,\"maxLength\":100,\"description\":\"Display name\"}");
        assertThat(p.get("email").get("format").asText()).isEqualTo("email");
        assertThat(p.get("role").get("enum").toString()).isEqualTo("[\"ADMIN\",\"MEMBER\"]");
        assertThat(p.get("homepage").toString()).isEqualTo("{\"type\":[\"string\",\"null\"],\"format\":\"uri\"}");
        assertThat(p.get("created").get("format").asText()).isEqualTo("date-time");
        assertThat(p.get("scores").toString()).isEqualTo("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\",\"format\":\"int32\"}}");
        assertThat(p.get("friends").get("items").get("$ref").asText()).isEqualTo("#/components/schemas/User");
        assertThat(schemas.get("Page_User").get("properties").get("items").get("items").get("$ref").asText()).isEqualTo("#/components/schemas/User");
        assertThat(schemas.get("NewUser").get("properties").get("name").get("pattern").asText()).isEqualTo("[a-z]+");
        assertThat(schemas.get("NewUser").get("properties").get("age").toString()).contains("\"minimum\":0", "\"maximum\":150");
    }

    @Test
    void aReplacedErrorFormatShowsInTheDocumentAndTheAnswers() throws Exception {
        Api api = api(problems);
        JsonNode doc = tree(api);
        JsonNode list = doc.get("paths").get("/users").get("get").get("responses");
        assertThat(list.has("422")).isFalse();
        assertThat(list.get("400").get("content").get("application/json").get("schema").get("$ref").asText())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(doc.get("components").get("schemas").has("HttpValidationError")).isFalse();
        var res = TestClient.of(api.mountOn(WebApp.create())).get("/users?limit=x");
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.json().get("title").asText()).isEqualTo("invalid request");
        assertThat(res.json().get("errors").get(0).get("loc").toString()).isEqualTo("[\"query\",\"limit\"]");
    }

    @Test
    void theDocumentAndTheDocsAreServed() {
        var client = TestClient.of(api(ErrorFormat.fastApi()).mountOn(WebApp.create()));
        var doc = client.get("/openapi.json");
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.header("Content-Type")).isEqualTo("application/json");
        assertThat(doc.json().get("info").get("title").asText()).isEqualTo("Users");
        var page = client.get("/docs");
        assertThat(page.text()).contains("SwaggerUIBundle", "url: \"/openapi.json\"", "/docs/swagger-ui-bundle.js");
        var bundle = client.get("/docs/swagger-ui-bundle.js");
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.body().length).isGreaterThan(100_000);
        assertThat(client.get("/docs/swagger-ui.css").header("Content-Type")).startsWith("text/css");
        assertThat(client.get("/docs/pom.properties").status()).isEqualTo(404);
    }
}
