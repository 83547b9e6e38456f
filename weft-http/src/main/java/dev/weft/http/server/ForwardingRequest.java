package dev.weft.http.server;

import java.io.InputStream;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Request} that passes every call to another one: extend it and override what a middleware
 * changes (a path rewritten, say), then pass the wrapper on. The framework routes a
 * wrapped request like any other, so handlers see the wrapper, with their route's path parameters. As
 * thread-safe as the request it wraps.
 *
 * {@snippet :
 * Middleware stripVersionPrefix = (req, next) -> next.handle(new ForwardingRequest(req) {
 *     @Override
 *     public String rawPath() { // routing matches on the raw path
 *         return req.rawPath().replaceFirst("^/v1(?=/)", "");
 *     }
 *
 *     @Override
 *     public String path() {
 *         return req.path().replaceFirst("^/v1(?=/)", "");
 *     }
 * });
 * }
 *
 * <p>Do not override {@link #scheme()}, {@link #host()} or {@link #remoteAddress()} from request
 * headers: anyone who reaches the server directly can send them. List the proxy in
 * {@link ServerConfig.Builder#trustedProxies} instead, which believes them only from that peer.
 */
public abstract class ForwardingRequest implements Request {
    private final Request delegate;

    /** Wraps {@code delegate}, to which every method not overridden goes. */
    protected ForwardingRequest(Request delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public String method() {
        return delegate.method();
    }

    @Override
    public String target() {
        return delegate.target();
    }

    @Override
    public String path() {
        return delegate.path();
    }

    @Override
    public String rawPath() {
        return delegate.rawPath();
    }

    @Override
    public String rawQuery() {
        return delegate.rawQuery();
    }

    @Override
    public String queryParam(String name) {
        return delegate.queryParam(name);
    }

    @Override
    public List<String> queryParams(String name) {
        return delegate.queryParams(name);
    }

    @Override
    public Map<String, List<String>> queryParams() {
        return delegate.queryParams();
    }

    @Override
    public String version() {
        return delegate.version();
    }

    @Override
    public String header(String name) {
        return delegate.header(name);
    }

    @Override
    public List<String> headers(String name) {
        return delegate.headers(name);
    }

    @Override
    public List<Map.Entry<String, String>> headers() {
        return delegate.headers();
    }

    @Override
    public Map<String, String> cookies() {
        return delegate.cookies();
    }

    @Override
    public String cookie(String name) {
        return delegate.cookie(name);
    }

    @Override
    public String pathParam(String name) {
        return delegate.pathParam(name);
    }

    @Override
    public long pathParamLong(String name) {
        return delegate.pathParamLong(name);
    }

    @Override
    public Map<String, String> pathParams() {
        return delegate.pathParams();
    }

    @Override
    public SocketAddress remoteAddress() {
        return delegate.remoteAddress();
    }

    @Override
    public SocketAddress peerAddress() {
        return delegate.peerAddress();
    }

    @Override
    public boolean secure() {
        return delegate.secure();
    }

    @Override
    public String scheme() {
        return delegate.scheme();
    }

    @Override
    public String host() {
        return delegate.host();
    }

    @Override
    public String contentType() {
        return delegate.contentType();
    }

    @Override
    public Charset charset() {
        return delegate.charset();
    }

    @Override
    public long contentLength() {
        return delegate.contentLength();
    }

    @Override
    public boolean hasBody() {
        return delegate.hasBody();
    }

    @Override
    public byte[] bytes() {
        return delegate.bytes();
    }

    @Override
    public String text() {
        return delegate.text();
    }

    @Override
    public <T> T json(Class<T> type) {
        return delegate.json(type);
    }

    @Override
    public com.fasterxml.jackson.databind.JsonNode json() {
        return delegate.json();
    }

    @Override
    public Map<String, List<String>> form() {
        return delegate.form();
    }

    @Override
    public List<Part> multipart() {
        return delegate.multipart();
    }

    @Override
    public InputStream body() {
        return delegate.body();
    }

    @Override
    public Optional<Object> attribute(String key) {
        return delegate.attribute(key);
    }

    @Override
    public void attribute(String key, Object value) {
        delegate.attribute(key, value);
    }

    @Override
    public WebApp app() {
        return delegate.app();
    }

    @Override
    public void afterResponse(Runnable action) {
        delegate.afterResponse(action);
    }
}
