package dev.weft.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A response as a {@link TestClient} received it: status, header fields and the whole body, with JSON
 * helpers. Immutable.
 *
 * {@snippet :
 * TestResponse res = client.get("/users/7");
 * assertThat(res.status()).isEqualTo(200);
 * assertThat(res.json().get("name").asText()).isEqualTo("Ada");
 * }
 *
 * @param status  the status code
 * @param headers the header fields in order
 * @param body    the body bytes (empty for none)
 */
public record TestResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    /** Copies the header list. */
    public TestResponse {
        headers = List.copyOf(headers);
    }

    /** The first value of header {@code name} (case-insensitive), or null. */
    public String header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as a JSON tree. */
    public JsonNode json() {
        return json(JsonNode.class);
    }

    /** The body as JSON bound to {@code type}. */
    public <T> T json(Class<T> type) {
        try {
            return ApiJson.MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException("response body is not " + type.getSimpleName() + " JSON: " + text(), e);
        }
    }

    @Override
    public String toString() {
        return "TestResponse[" + status + " " + text() + "]";
    }
}
