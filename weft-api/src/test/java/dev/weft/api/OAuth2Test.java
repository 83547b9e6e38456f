package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.server.WebApp;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** FastAPI's OAuth2 password flow: a token endpoint taking a form, and operations taking its bearer token. */
class OAuth2Test {
    record PasswordForm(String username, String password) {
    }

    record Token(String access_token, String token_type) {
    }

    static class Auth {
        @Post("/token")
        Token token(@Form PasswordForm form) {
            if (!form.password().equals("secret")) {
                throw new NotAuthenticated("Incorrect username or password", "Bearer");
            }
            return new Token("token-of-" + form.username(), "bearer");
        }

        @Get("/me")
        String me(BearerToken token) {
            return token.token();
        }
    }

    private final Api api = Api.builder().security(SecurityScheme.oauth2Password("oauth2", "/token")).controller(new Auth()).build();
    private final TestClient client = TestClient.of(api.mountOn(WebApp.create()));

    @Test
    void theTokenFromTheFormAuthorisesLaterRequests() {
        var token = client.request("POST", "/token").form(Map.of("username", "ada", "password", "secret")).send();
        assertThat(token.json().get("token_type").asText()).isEqualTo("bearer");
        String access = token.json().get("access_token").asText();
        assertThat(client.request("GET", "/me").header("Authorization", "Bearer " + access).send().json().asText()).isEqualTo("token-of-ada");
        var refused = client.request("POST", "/token").form(Map.of("username", "ada", "password", "wrong")).send();
        assertThat(refused.status()).isEqualTo(401);
        assertThat(client.get("/me").header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void theFlowIsDescribedForSwaggerUisAuthorizeButton() throws Exception {
        var scheme = ApiJson.MAPPER.readTree(api.openApi()).get("components").get("securitySchemes").get("oauth2");
        assertThat(scheme.toString()).isEqualTo("{\"type\":\"oauth2\",\"flows\":{\"password\":{\"tokenUrl\":\"/token\",\"scopes\":{}}}}");
        var form = ApiJson.MAPPER.readTree(api.openApi()).get("paths").get("/token").get("post").get("requestBody");
        assertThat(form.get("content").has("application/x-www-form-urlencoded")).isTrue();
        var options = new ParseOptions();
        assertThat(new OpenAPIParser().readContents(api.openApi(), null, options).getMessages()).isEmpty();
    }
}
