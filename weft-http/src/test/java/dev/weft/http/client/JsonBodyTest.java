package dev.weft.http.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link RequestBody#json} serialized by the client's own {@code ObjectMapper}, as the server receives it. */
class JsonBodyTest {
    record NewUser(String firstName, int age) {
    }

    /** Jackson cannot serialize a class without properties. */
    static final class Opaque {
    }

    private static FakeServer echo() throws Exception {
        return FakeServer.start(FakeServer.serving((peer, request, n) ->
                peer.ok(request.header("content-type") + " " + request.header("content-length") + " " + request.bodyText())));
    }

    @Test
    void theClientsMapperSerializesTheBody() throws Exception {
        var snake = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        AtomicLong seenLength = new AtomicLong(-2);
        try (var server = echo();
             var client = HttpClient.builder().objectMapper(snake)
                     .interceptor(chain -> {
                         seenLength.set(chain.request().body().contentLength());
                         return chain.proceed(chain.request());
                     }).build()) {
            String expected = "{\"first_name\":\"Ada\",\"age\":36}";
            assertThat(client.post(server.url("/"), RequestBody.json(new NewUser("Ada", 36))).text())
                    .isEqualTo("application/json " + expected.length() + " " + expected);
            assertThat(seenLength.get()).as("interceptors see the serialized length").isEqualTo(expected.length());
        }
    }

    @Test
    void withoutAMapperTheDefaultOneIsUsed() throws Exception {
        try (var server = echo(); var client = HttpClient.create()) {
            assertThat(client.post(server.url("/"), RequestBody.json(new NewUser("Ada", 36))).text())
                    .endsWith("{\"firstName\":\"Ada\",\"age\":36}");
            assertThat(client.post(server.url("/"), RequestBody.json(null)).text()).isEqualTo("application/json 4 null");
        }
    }

    @Test
    void aValueJacksonCannotSerializeFailsBeforeAnythingIsSent() throws Exception {
        RequestBody body = RequestBody.json(new Opaque());
        assertThat(body.replayable()).isTrue();
        assertThat(body.contentLength()).as("not serialized yet").isEqualTo(-1);
        try (var server = echo(); var client = HttpClient.create()) {
            assertThatThrownBy(() -> client.post(server.url("/"), body))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(Opaque.class.getName());
            assertThat(server.connections()).isZero();
        }
    }
}
