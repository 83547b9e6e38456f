package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.http.server.WebApp;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A constraint put on a type it cannot check fails when the API is built, naming where it is; constraints
 * on type arguments ({@code List<@Email String>}) check every element.
 */
class ConstraintTargetsTest {
    record EmailOnInt(@Email int age) {
    }

    record EmailInList(List<@Email Integer> codes) {
    }

    record EmailInOptional(@Email Optional<Integer> code) {
    }


    static class IntBody {
        @Post("/a")
        String a(@Body EmailOnInt body) {
            return "";
        }
    }

    static class ListBody {
        @Post("/a")
        String a(@Body EmailInList body) {
            return "";
        }
    }

    static class OptionalBody {
        @Post("/a")
        String a(@Body EmailInOptional body) {
            return "";
        }
    }

    static class SizeOnUuid {
        @Get("/things/{id}")
        String get(@Path @Size(max = 3) UUID id) {
            return "";
        }
    }

    static class MaxOnEmailList {
        @Get("/mail")
        String mail(@Query List<@Max(3) Boolean> flags) {
            return "";
        }
    }

    @Test
    void aConstraintOnATypeItCannotCheckFailsAtStartUpNamingWhereItIs() {
        assertThatThrownBy(() -> Api.builder().controller(new IntBody()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EmailOnInt.age: @Email cannot check int (it checks CharSequence)");
        assertThatThrownBy(() -> Api.builder().controller(new ListBody()).build())
                .hasMessage("EmailInList.codes, type argument 0: @Email cannot check Integer (it checks CharSequence)");
        assertThatThrownBy(() -> Api.builder().controller(new OptionalBody()).build())
                .hasMessage("EmailInOptional.code: @Email cannot check Integer (it checks CharSequence)");
        assertThatThrownBy(() -> Api.builder().controller(new SizeOnUuid()).build())
                .hasMessage("SizeOnUuid.get(UUID), parameter 'id': @Size cannot check UUID (it checks CharSequence, Collection, Map)");
        assertThatThrownBy(() -> Api.builder().controller(new MaxOnEmailList()).build())
                .hasMessageStartingWith("MaxOnEmailList.mail(List), parameter 'flags', type argument 0: @Max cannot check Boolean (it checks ");
    }

    record Invite(@NotBlank String from, @Size(min = 1) List<@Email String> to, Map<String, @Email String> cc) {
    }

    static class Invites {
        @Post("/invites")
        String invite(@Body Invite invite) {
            return "sent to " + invite.to().size();
        }

        @Get("/notify")
        String notify(@Query List<@Email String> to) {
            return "notified " + to.size();
        }
    }

    private final TestClient client = TestClient.of(Api.builder().controller(new Invites()).mountOn(WebApp.create()));

    @Test
    void constraintsOnTypeArgumentsCheckEveryElementAndSayWhichOne() {
        var ok = client.request("POST", "/invites").body("{\"from\": \"ada\", \"to\": [\"a@b.c\"], \"cc\": {}}"
                .getBytes(StandardCharsets.UTF_8), "application/json").send();
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        var bad = client.request("POST", "/invites").body("{\"from\": \"ada\", \"to\": [\"a@b.c\", \"nobody\"], \"cc\": {\"boss\": \"x\"}}"
                .getBytes(StandardCharsets.UTF_8), "application/json").send();
        assertThat(bad.status()).as(bad.text()).isEqualTo(422);
        assertThat(bad.json().get("detail").findValues("loc").stream().map(Object::toString).sorted())
                .containsExactly("[\"body\",\"cc\",\"boss\"]", "[\"body\",\"to\",1]");
        var query = client.request("GET", "/notify?to=a@b.c&to=nobody").send();
        assertThat(query.status()).isEqualTo(422);
        assertThat(query.json().get("detail").get(0).get("loc").toString()).isEqualTo("[\"query\",\"to\",1]");
        assertThat(client.request("GET", "/notify?to=a@b.c").send().text()).contains("notified 1");
    }
}
