package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An API that declares no constraint never starts Hibernate Validator; any declared one is found. */
class DeclaredConstraintsTest {
    record Plain(String name, List<Integer> scores, Optional<Map<String, String>> tags) {
    }

    record OnField(@NotNull String name) {
    }

    record InTypeArgument(Map<String, List<@Email String>> mail) {
    }

    record Repeated(@Min.List({@Min(1), @Min(2)}) int n) {
    }

    record Cascaded(@Valid Plain plain) {
    }

    static class Controller {
        @Get("/plain")
        String plain() {
            return "";
        }

        @Get("/limited")
        String limited(@Query @Min(1) int limit) {
            return "";
        }
    }

    private static boolean any(Class<?> record, String... methods) throws Exception {
        var records = record == null ? List.<Shape.Obj>of() : List.of((Shape.Obj) new Shapes().of(record));
        var invocables = new java.util.ArrayList<Invocable>();
        for (String name : methods) {
            var m = List.of(Controller.class.getDeclaredMethods()).stream().filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
            invocables.add(new Invocable(new Controller(), m, java.util.Collections.nCopies(m.getParameterCount(), (Binder) call -> null)));
        }
        return DeclaredConstraints.any(records, invocables);
    }

    @Test
    void findsConstraintsWhereverTheyAreDeclared() throws Exception {
        assertThat(any(Plain.class, "plain")).isFalse();
        assertThat(any(OnField.class)).isTrue();
        assertThat(any(InTypeArgument.class)).isTrue();
        assertThat(any(Repeated.class)).isTrue();
        assertThat(any(Cascaded.class)).isTrue();
        assertThat(any(null, "plain", "limited")).isTrue();
    }

    @Test
    void anApiWithoutConstraintsStillServes() {
        var client = TestClient.of(Api.builder().controller(new Controller() {
            @Post("/plain")
            String post(@Body Plain body) {
                return body.name();
            }
        }).mountOn(dev.weft.http.server.WebApp.create()));
        assertThat(client.post("/plain", Map.of("name", "ada", "scores", List.of(1), "tags", Map.of())).text()).contains("ada");
    }
}
