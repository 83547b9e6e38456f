package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.server.Forbidden;
import dev.weft.http.server.WebApp;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecurityTest {
    record User(String name) {
    }

    static final class Auth {
        @Provides
        User user(BearerToken token) {
            return switch (token.token()) {
                case "good" -> new User("ada");
                case "guest" -> throw new Forbidden("guests may not");
                default -> throw new NotAuthenticated("invalid token", "Bearer error=\"invalid_token\"");
            };
        }
    }

    static class Handlers {
        @Get("/me")
        String me(User user) {
            return user.name();
        }

        @Get("/admin")
        String admin(BasicCredentials login) {
            return login.username() + ":" + login.password();
        }

        @Get("/report")
        String report(ApiKey key) {
            return key.value();
        }

        @Get("/both")
        String both(BearerToken token, ApiKey key) {
            return token.token() + key.value();
        }

        @Get("/maybe")
        String maybe(Optional<BearerToken> token) {
            return token.map(BearerToken::token).orElse("anonymous");
        }
    }

    private final Api api = Api.builder()
            .security(SecurityScheme.bearer("token"))
            .security(SecurityScheme.basic("login", "weft"))
            .security(SecurityScheme.apiKey("key", "query", "api_key"))
            .providers(new Auth()).controller(new Handlers()).build();
    private final TestClient client = TestClient.of(api.mountOn(WebApp.create()));

    private TestResponse get(String path, String authorization) {
        return client.request("GET", path).header("Authorization", authorization).send();
    }

    @Test
    void bearerTokensAreRequiredCheckedAndChallenged() {
        assertThat(get("/me", "Bearer good").json().asText()).isEqualTo("ada");
        var missing = client.get("/me");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(get("/me", "Basic abc").status()).isEqualTo(401);
        var invalid = get("/me", "Bearer bad");
        assertThat(invalid.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(invalid.json().get("detail").asText()).isEqualTo("invalid token");
        assertThat(get("/me", "Bearer guest").status()).isEqualTo(403);
    }

    @Test
    void basicCredentialsAreDecoded() {
        String encoded = Base64.getEncoder().encodeToString("ada:s3:cret".getBytes(StandardCharsets.UTF_8));
        assertThat(get("/admin", "Basic " + encoded).json().asText()).isEqualTo("ada:s3:cret");
        assertThat(get("/admin", "Basic !!!").status()).isEqualTo(401);
        assertThat(client.get("/admin").header("WWW-Authenticate")).isEqualTo("Basic realm=\"weft\"");
    }

    @Test
    void apiKeysComeFromTheirPlace() {
        assertThat(client.get("/report?api_key=k1").json().asText()).isEqualTo("k1");
        assertThat(client.get("/report").status()).isEqualTo(401);
    }

    @Test
    void optionalCredentialsMayBeAbsent() {
        assertThat(client.get("/maybe").json().asText()).isEqualTo("anonymous");
        assertThat(get("/maybe", "Bearer t").json().asText()).isEqualTo("t");
    }

    @Test
    void schemesAndRequirementsAreInTheDocument() throws Exception {
        var doc = ApiJson.MAPPER.readTree(api.openApi());
        var schemes = doc.get("components").get("securitySchemes");
        assertThat(schemes.get("token").toString()).isEqualTo("{\"type\":\"http\",\"scheme\":\"bearer\"}");
        assertThat(schemes.get("login").toString()).isEqualTo("{\"type\":\"http\",\"scheme\":\"basic\"}");
        assertThat(schemes.get("key").toString()).isEqualTo("{\"type\":\"apiKey\",\"in\":\"query\",\"name\":\"api_key\"}");
        assertThat(doc.get("paths").get("/me").get("get").get("security").toString()).isEqualTo("[{\"token\":[]}]");
        assertThat(doc.get("paths").get("/me").get("get").get("responses").has("401")).isTrue();
        assertThat(doc.get("paths").get("/maybe").get("get").get("security").toString()).isEqualTo("[{\"token\":[]},{}]");
        assertThat(doc.get("paths").get("/both").get("get").get("security").toString()).isEqualTo("[{\"key\":[],\"token\":[]}]");
    }

    @Test
    void credentialsNeverShowInTheirStringForm() {
        assertThat(new BearerToken("secret").toString()).doesNotContain("secret");
        assertThat(new BasicCredentials("ada", "secret").toString()).doesNotContain("secret");
        assertThat(new ApiKey("secret").toString()).doesNotContain("secret");
    }
}
