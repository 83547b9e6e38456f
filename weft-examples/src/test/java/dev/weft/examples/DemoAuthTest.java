package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.http.server.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sign-up, login and tokens in the demo, driven by curl against a real PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoAuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;
    private String base;
    private TestDatabase database;

    @BeforeAll
    void start(TestDatabase database) {
        this.database = database;
        database.execute("GRANT CREATE ON DATABASE " + database.name() + " TO scram_user");
        server = HttpServer.start(DemoApp.create(database.uri("scram_user", "scram_pass")), 0);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void signUpStoresAnArgon2idHashAndLoginGivesATokenThatSaysWhoItIs() throws Exception {
        assertThat(signUp("ada", "correct horse battery").status()).isEqualTo(201);
        assertThat(database.query("SELECT password_hash FROM weft_demo.accounts WHERE username = 'ada'").getFirst().getFirst())
                .startsWith("$argon2id$v=19$").doesNotContain("correct horse battery");

        HttpReply login = login("ada", "correct horse battery");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        JsonNode token = JSON.readTree(login.body());
        assertThat(token.get("token_type").asText()).isEqualTo("bearer");
        assertThat(token.get("expires_in").asLong()).isEqualTo(1800);

        HttpReply me = HttpReply.of(Peers.curl("-H", "Authorization: Bearer " + token.get("access_token").asText(),
                base + "/auth/me"));
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(JSON.readTree(me.body()).get("username").asText()).isEqualTo("ada");
    }

    @Test
    void aTakenNameIs409AndABadOneOrAShortPassword422() throws Exception {
        assertThat(signUp("grace", "a long enough password").status()).isEqualTo(201);
        HttpReply again = signUp("grace", "another long password");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("the username grace is taken");
        assertThat(signUp("No Spaces Allowed", "a long enough password").status()).isEqualTo(422);
        HttpReply shortPassword = signUp("alan", "short");
        assertThat(shortPassword.status()).isEqualTo(422);
        assertThat(shortPassword.body()).contains("password");
    }

    @Test
    void aWrongPasswordAndAnUnknownNameGetTheSame401() throws Exception {
        assertThat(signUp("barbara", "the right password").status()).isEqualTo(201);
        HttpReply wrong = login("barbara", "the wrong password");
        HttpReply unknown = login("nobody-here", "the right password");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(wrong.body());
    }

    @Test
    void forgedMissingAndNoneTokensAre401() throws Exception {
        assertThat(HttpReply.of(Peers.curl(base + "/auth/me")).status()).isEqualTo(401);
        // {"alg":"none"} . {"sub":"ada","iss":"weft-demo","aud":"weft-demo","exp":4102444800} . (no signature)
        String none = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZGEiLCJpc3MiOiJ3ZWZ0LWRlbW8iLCJhdWQiOiJ3ZWZ0LWRlbW8iLCJleHAiOjQxMDI0NDQ4MDB9.";
        HttpReply unsigned = HttpReply.of(Peers.curl("-H", "Authorization: Bearer " + none, base + "/auth/me"));
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(unsigned.header("www-authenticate")).contains("invalid_token");
    }

    @Test
    void loginIsLimitedPerNameWith429AndRetryAfter() throws Exception {
        assertThat(signUp("linus", "the right password").status()).isEqualTo(201);
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(login("linus", "guess " + attempt).status()).as("attempt %d", attempt).isEqualTo(401);
        }
        HttpReply limited = login("linus", "the right password");
        assertThat(limited.status()).as(limited.body()).isEqualTo(429);
        assertThat(Long.parseLong(limited.header("retry-after"))).isPositive();
        assertThat(login("ada-not-limited", "whatever").status()).as("another name is not limited").isEqualTo(401);
    }

    @Test
    void theOpenApiDocumentOffersThePasswordFlow() throws Exception {
        JsonNode doc = JSON.readTree(HttpReply.of(Peers.curl(base + "/openapi.json")).body());
        assertThat(doc.at("/components/securitySchemes/bearer/flows/password/tokenUrl").asText()).isEqualTo("/auth/token");
        assertThat(doc.at("/paths/~1auth~1me/get/security").toString()).contains("bearer");
    }

    private HttpReply signUp(String username, String password) throws Exception {
        String body = JSON.createObjectNode().put("username", username).put("password", password).toString();
        return HttpReply.of(Peers.curl("-X", "POST", "-H", "Content-Type: application/json", "-d", body,
                base + "/auth/signup"));
    }

    private HttpReply login(String username, String password) throws Exception {
        return HttpReply.of(Peers.curl("-X", "POST", "--data-urlencode", "username=" + username,
                "--data-urlencode", "password=" + password, base + "/auth/token"));
    }
}
