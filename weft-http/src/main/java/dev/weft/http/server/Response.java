package dev.weft.http.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.http.codec.FieldSyntax;
import dev.weft.http.server.http1.Body;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP response a handler returns: a status, header fields and a body (bytes, a file, a stream
 * written while sent, or Server-Sent Events). Made by the static factories and adjusted with the
 * fluent methods, which change this object and return it. Not thread-safe: build it on one thread,
 * and return a fresh one for each request, because middlewares and the server adjust it while sending.
 *
 * {@snippet :
 * return Response.json(user).status(201).header("Location", "/users/" + user.id());
 * }
 */
public final class Response {
    private static final String TEXT = "text/plain; charset=utf-8";

    /** Writes a streamed body; flushing {@code out} sends what was written so far as a chunk. */
    @FunctionalInterface
    public interface BodyWriter {
        /** Writes the body to {@code out}; the server closes it afterwards. */
        void writeTo(OutputStream out) throws Exception;
    }

    private int status;
    private final List<String> headers = new ArrayList<>(8);
    private Body body;

    private Response(int status, Body body, String contentType) {
        this.body = body;
        status(status);
        if (contentType != null) {
            headers.add("Content-Type");
            headers.add(contentType);
        }
    }

    /**
     * An RFC 9457 problem ({@code application/problem+json}) as {@link Middlewares#errors()} writes one for
     * a thrown {@link HttpException}: {@code type}, {@code title} (the status's reason), {@code status},
     * {@code detail} and, when {@code request} is not null, {@code instance} (its path). For answers that
     * need headers an exception cannot carry:
     *
     * {@snippet :
     * return Response.problem(401, "token expired", request).header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
     * }
     */
    public static Response problem(int status, String detail, Request request) {
        return Problems.of(status, detail, request);
    }

    /** 200 with a UTF-8 {@code text/plain} body. */
    public static Response text(String text) {
        return text(200, text);
    }

    /** {@code status} with a UTF-8 {@code text/plain} body. */
    public static Response text(int status, String text) {
        return new Response(status, new Body.Bytes(text.getBytes(StandardCharsets.UTF_8)), TEXT);
    }

    /** 200 with a UTF-8 {@code text/html} body. */
    public static Response html(String html) {
        return new Response(200, new Body.Bytes(html.getBytes(StandardCharsets.UTF_8)), "text/html; charset=utf-8");
    }

    /** 200 with {@code value} serialised by Jackson as {@code application/json}. */
    public static Response json(Object value) {
        return json(200, value);
    }

    /** {@code status} with {@code value} serialised by Jackson as {@code application/json}. */
    public static Response json(int status, Object value) {
        try {
            return new Response(status, new Body.Bytes(Json.MAPPER.writeValueAsBytes(value)), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getName() + " to JSON", e);
        }
    }

    /** 200 with {@code data} as the body and the given content type. */
    public static Response bytes(byte[] data, String contentType) {
        Objects.requireNonNull(contentType, "contentType");
        return new Response(200, new Body.Bytes(data.clone()), checkedType(contentType));
    }

    /** {@code status} with no body. */
    public static Response empty(int status) {
        return new Response(status, Body.EMPTY, null);
    }

    /** 204 No Content. */
    public static Response noContent() {
        return empty(204);
    }

    /** 302 Found to {@code location}. */
    public static Response redirect(String location) {
        return redirect(302, location);
    }

    /** A redirect ({@code 301, 302, 303, 307, 308}) to {@code location}. */
    public static Response redirect(int status, String location) {
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            throw new IllegalArgumentException("not a redirect status: " + status);
        }
        return empty(status).header("Location", location);
    }

    /**
     * 200 with the file at {@code path}: content type from its extension, {@code ETag} and
     * {@code Last-Modified} with 304 answers to conditional requests, single {@code Range} requests
     * answered 206 (416 when unsatisfiable). Missing or unreadable files answer 404 when sent.
     */
    public static Response file(Path path) {
        return new Response(200, new Body.File(path), null);
    }

    /** 200 with a body written by {@code writer} while it is sent (chunked). */
    public static Response stream(String contentType, BodyWriter writer) {
        return new Response(200, new Body.Stream(Objects.requireNonNull(writer, "writer")), checkedType(contentType));
    }

    /** A caller's content type, checked as {@link #header} checks every value (a CR or LF would split the head). */
    private static String checkedType(String contentType) {
        if (contentType != null) {
            FieldSyntax.checkField("Content-Type", contentType);
        }
        return contentType;
    }

    /** A Server-Sent Events stream with a comment heartbeat every 15 seconds. */
    public static Response events(EventSource source) {
        return events(Duration.ofSeconds(15), source);
    }

    /** A Server-Sent Events stream with a comment heartbeat every {@code heartbeat} (zero: none). */
    public static Response events(Duration heartbeat, EventSource source) {
        if (heartbeat.isNegative()) {
            throw new IllegalArgumentException("heartbeat < 0: " + heartbeat);
        }
        return new Response(200, new Body.Events(Objects.requireNonNull(source, "source"), heartbeat),
                "text/event-stream").header("Cache-Control", "no-cache");
    }

    /** The status code. */
    public int status() {
        return status;
    }

    /** Sets the status code (100-599). */
    public Response status(int code) {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("status out of range: " + code);
        }
        this.status = code;
        return this;
    }

    /** Adds a header field (a second {@code name} adds a second line). */
    public Response header(String name, String value) {
        FieldSyntax.checkField(name, value);
        headers.add(name);
        headers.add(value);
        return this;
    }

    /** Replaces every {@code name} field with one holding {@code value}. */
    public Response setHeader(String name, String value) {
        FieldSyntax.checkField(name, value);
        removeHeader(name);
        headers.add(name);
        headers.add(value);
        return this;
    }

    /** Removes every {@code name} field. */
    public Response removeHeader(String name) {
        for (int i = headers.size() - 2; i >= 0; i -= 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                headers.remove(i + 1);
                headers.remove(i);
            }
        }
        return this;
    }

    /** The first value of {@code name} (case-insensitive), or null. */
    public String header(String name) {
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                return headers.get(i + 1);
            }
        }
        return null;
    }

    /** The header fields in order, as name/value pairs. */
    public List<Map.Entry<String, String>> headers() {
        var list = new ArrayList<Map.Entry<String, String>>(headers.size() / 2);
        for (int i = 0; i < headers.size(); i += 2) {
            list.add(Map.entry(headers.get(i), headers.get(i + 1)));
        }
        return list;
    }

    /** Sets {@code Content-Type}. */
    public Response contentType(String type) {
        return setHeader("Content-Type", type);
    }

    /** Adds a {@code Set-Cookie} field for {@code cookie}. */
    public Response cookie(Cookie cookie) {
        return header("Set-Cookie", cookie.toSetCookie());
    }

    Body body() {
        return body;
    }

    Response body(Body newBody) {
        this.body = newBody;
        return this;
    }

    /** The raw name/value list, for the writer (no copy on the hot path). */
    List<String> headerList() {
        return headers;
    }
}
