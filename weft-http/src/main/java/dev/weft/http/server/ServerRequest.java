package dev.weft.http.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.http.codec.ParameterizedValue;
import dev.weft.http.codec.RequestHead;
import dev.weft.http.server.http1.BodySource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one implementation of {@link Request}, over a parsed head and its connection. Routing wraps it
 * in a {@link RoutedRequest}: before that it has no path parameters and no application.
 */
final class ServerRequest implements Request {
    private static final System.Logger LOG = System.getLogger("dev.weft.http.server");
    private final RequestHead head;
    private final SocketAddress peer;
    private final boolean connectionSecure;
    private final ServerConfig config;
    private final ForwardedResolver forwarded;
    private ClientView client;
    private final BodySource source;
    private final String rawPath;
    private final String rawQuery;
    private String path;
    private Map<String, List<String>> query;
    private Map<String, String> cookies;
    private Map<String, Object> attributes;
    private boolean bodyTaken;
    private List<Part> parts;
    private Map<String, List<String>> form;
    private Multipart.Spool spool;
    private List<Runnable> afterResponse;

    ServerRequest(RequestHead head, SocketAddress peer, boolean secure, ServerConfig config,
                  ForwardedResolver forwarded, BodySource source) {
        this.head = head;
        this.peer = peer;
        this.connectionSecure = secure;
        this.config = config;
        this.forwarded = forwarded;
        this.source = source;
        String target = head.target();
        int fragment = target.indexOf('#');
        if (fragment >= 0) {
            target = target.substring(0, fragment);
        }
        if (!target.startsWith("/")) {
            // absolute-form (RFC 9112 3.2.2): route on its path.
            int scheme = target.indexOf("://");
            int slash = scheme < 0 ? -1 : target.indexOf('/', scheme + 3);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        int q = target.indexOf('?');
        this.rawPath = q < 0 ? target : target.substring(0, q);
        this.rawQuery = q < 0 ? "" : target.substring(q + 1);
    }

    /** Whether {@link #cleanup} has actions to run once the response is out (the engine flushes first then). */
    boolean hasAfterResponse() {
        return afterResponse != null;
    }

    /** Runs the after-response actions, then deletes multipart spool files; called when the exchange ends. */
    void cleanup() {
        if (afterResponse != null) {
            for (Runnable action : afterResponse) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "after-response action of " + method() + " " + rawPath + " failed", e);
                }
            }
        }
        if (spool != null) {
            spool.close();
        }
    }

    @Override
    public String method() {
        return head.method();
    }

    @Override
    public String target() {
        return head.target();
    }

    @Override
    public String path() {
        if (path == null) {
            path = UrlCodec.decode(rawPath, false);
        }
        return path;
    }

    @Override
    public String rawPath() {
        return rawPath;
    }

    @Override
    public String rawQuery() {
        return rawQuery;
    }

    @Override
    public String queryParam(String name) {
        List<String> values = queryParams().get(name);
        return values == null ? null : values.getFirst();
    }

    @Override
    public List<String> queryParams(String name) {
        return queryParams().getOrDefault(name, List.of());
    }

    @Override
    public Map<String, List<String>> queryParams() {
        if (query == null) {
            query = Collections.unmodifiableMap(UrlCodec.parseQuery(rawQuery, StandardCharsets.UTF_8));
        }
        return query;
    }

    @Override
    public String version() {
        return head.version();
    }

    @Override
    public String header(String name) {
        return head.fields().first(name);
    }

    @Override
    public List<String> headers(String name) {
        return head.fields().all(name);
    }

    @Override
    public List<Map.Entry<String, String>> headers() {
        return head.fields().entries();
    }

    @Override
    public Map<String, String> cookies() {
        if (cookies == null) {
            var map = new LinkedHashMap<String, String>();
            for (String line : headers("Cookie")) {
                for (String pair : line.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        String value = pair.substring(eq + 1).strip();
                        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                            value = value.substring(1, value.length() - 1);
                        }
                        map.putIfAbsent(pair.substring(0, eq).strip(), value);
                    }
                }
            }
            cookies = Collections.unmodifiableMap(map);
        }
        return cookies;
    }

    @Override
    public String cookie(String name) {
        return cookies().get(name);
    }

    @Override
    public String pathParam(String name) {
        throw new IllegalArgumentException("route has no path parameter " + name + ": []");
    }

    @Override
    public long pathParamLong(String name) {
        throw new IllegalArgumentException("route has no path parameter " + name + ": []");
    }

    @Override
    public Map<String, String> pathParams() {
        return Map.of();
    }

    /** The client's view, resolved once, on first use: most requests never ask. */
    private ClientView client() {
        if (client == null) {
            client = forwarded.resolve(peer, connectionSecure, hostHeader(), this::headers);
        }
        return client;
    }

    @Override
    public SocketAddress remoteAddress() {
        return client().address();
    }

    @Override
    public SocketAddress peerAddress() {
        return peer;
    }

    @Override
    public boolean secure() {
        return scheme().equals("https");
    }

    @Override
    public String scheme() {
        return client().scheme();
    }

    @Override
    public String host() {
        return client().host();
    }

    /** The {@code Host} header, or the authority of an absolute-form target, or null. */
    private String hostHeader() {
        String host = header("Host");
        if (host == null && !head.target().startsWith("/")) {
            String t = head.target();
            int scheme = t.indexOf("://");
            int end = t.indexOf('/', scheme + 3);
            return scheme < 0 ? null : t.substring(scheme + 3, end < 0 ? t.length() : end);
        }
        return host;
    }

    @Override
    public String contentType() {
        return ParameterizedValue.valueOf(header("Content-Type"));
    }

    /** A parameter of {@code Content-Type} ({@code charset}, {@code boundary}), unquoted, or null. */
    String contentTypeParam(String name) {
        ParameterizedValue type = ParameterizedValue.parse(header("Content-Type"));
        return type == null ? null : type.parameter(name);
    }

    @Override
    public Charset charset() {
        try {
            return ParameterizedValue.charsetOf(header("Content-Type"));
        } catch (UnsupportedCharsetException e) {
            throw new UnsupportedMediaType("unsupported charset: " + e.getCharsetName());
        }
    }

    @Override
    public long contentLength() {
        return head.contentLength();
    }

    @Override
    public boolean hasBody() {
        return head.hasBody();
    }

    @Override
    public byte[] bytes() {
        long limit = config.clientMaxSize();
        if (head.contentLength() > limit) {
            throw new ContentTooLarge("request body larger than " + limit + " bytes");
        }
        try (InputStream in = takeBody(limit)) {
            return in.readAllBytes();
        } catch (IOException e) {
            // The client hung up or stalled mid-body: its fault, not the server's, so a 4xx that is not
            // logged as a failure (the access log has its one line); the cause stays for whoever catches it.
            throw new HttpException(400, "the request body was not received whole: " + e.getMessage(), e);
        }
    }

    @Override
    public String text() {
        return new String(bytes(), charset());
    }

    @Override
    public <T> T json(Class<T> type) {
        try {
            return Json.MAPPER.readValue(bytes(), type);
        } catch (JsonProcessingException e) {
            throw new BadRequest("malformed JSON body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public JsonNode json() {
        return json(JsonNode.class);
    }

    @Override
    public Map<String, List<String>> form() {
        if (form != null) {
            return form;
        }
        String type = contentType();
        if ("application/x-www-form-urlencoded".equals(type)) {
            form = Collections.unmodifiableMap(UrlCodec.parseQuery(new String(bytes(), StandardCharsets.US_ASCII),
                    charset()));
        } else if ("multipart/form-data".equals(type)) {
            var fields = new LinkedHashMap<String, List<String>>();
            for (Part part : multipart()) {
                if (!part.isFile()) {
                    fields.computeIfAbsent(part.name(), k -> new ArrayList<>(1)).add(part.text());
                }
            }
            form = Collections.unmodifiableMap(fields);
        } else {
            throw new UnsupportedMediaType("expected a form body, got " + type);
        }
        return form;
    }

    @Override
    public List<Part> multipart() {
        if (parts == null) {
            if (!"multipart/form-data".equals(contentType())) {
                throw new UnsupportedMediaType("expected multipart/form-data, got " + contentType());
            }
            String boundary = contentTypeParam("boundary");
            if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
                throw new BadRequest("multipart body without a valid boundary");
            }
            if (head.contentLength() > config.maxMultipartSize()) {
                throw new ContentTooLarge("multipart body larger than " + config.maxMultipartSize() + " bytes");
            }
            spool = new Multipart.Spool();
            parts = Multipart.read(takeBody(config.maxMultipartSize()), boundary, config, spool);
        }
        return parts;
    }

    @Override
    public InputStream body() {
        return takeBody(config.maxStreamedBodySize());
    }

    private InputStream takeBody(long limit) {
        if (bodyTaken) {
            throw new IllegalStateException("the request body was already read");
        }
        bodyTaken = true;
        return source.open(limit);
    }

    @Override
    public Optional<Object> attribute(String key) {
        return attributes == null ? Optional.empty() : Optional.ofNullable(attributes.get(key));
    }

    @Override
    public void attribute(String key, Object value) {
        if (attributes == null) {
            attributes = new HashMap<>();
        }
        attributes.put(key, value);
    }

    @Override
    public void afterResponse(Runnable action) {
        if (afterResponse == null) {
            afterResponse = new ArrayList<>(2);
        }
        afterResponse.add(Objects.requireNonNull(action, "action"));
    }

    @Override
    public WebApp app() {
        return null;
    }
}
