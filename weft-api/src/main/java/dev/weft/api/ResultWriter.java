package dev.weft.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.http.server.EventSource;
import dev.weft.http.server.NotFound;
import dev.weft.http.server.Response;
import java.util.Optional;

/**
 * Turns what a handler returned into its response, decided once per method: {@code void} is 204 (or the
 * declared status, empty), a {@link Response} is sent as it is, an {@link EventSource} as Server-Sent
 * Events, an empty {@code Optional} is 404, anything else JSON with the declared status, filtered to the
 * response model when one is declared. Thread-safe.
 */
final class ResultWriter {
    private final boolean isVoid;
    private final int status;
    private final Shape model;

    /** {@code model} is the response model's shape, or null to send the value as it serialises. */
    ResultWriter(Class<?> returnType, int status, Shape model) {
        this.isVoid = returnType == void.class || returnType == Void.class;
        this.status = status != 0 ? status : isVoid ? 204 : 200;
        this.model = model;
    }

    /** The success status in the OpenAPI document. */
    int status() {
        return status;
    }

    Response write(Object value) throws JsonProcessingException {
        if (isVoid) {
            return Response.empty(status);
        }
        if (value instanceof Response response) {
            return response;
        }
        if (value instanceof EventSource events) {
            return Response.events(events);
        }
        if (value instanceof Optional<?> optional) {
            if (optional.isEmpty()) {
                throw new NotFound("Not Found");
            }
            value = optional.get();
        }
        byte[] json = model == null ? ApiJson.MAPPER.writeValueAsBytes(value)
                : ApiJson.MAPPER.writeValueAsBytes(JsonBody.filter(ApiJson.MAPPER.valueToTree(value), model));
        return Response.bytes(json, "application/json").status(status);
    }
}
