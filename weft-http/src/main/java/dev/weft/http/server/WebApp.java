package dev.weft.http.server;

import dev.weft.http.codec.FieldSyntax;
import dev.weft.http.server.http1.Body;
import dev.weft.http.websocket.WebSocketOptions;
import dev.weft.http.websocket.protocol.HandshakeResult;
import dev.weft.http.websocket.protocol.OriginCheck;
import dev.weft.http.websocket.protocol.ServerHandshake;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A web application (aiohttp's {@code web.Application}): routes, middlewares, sub-applications,
 * static directories, lifecycle hooks and shared state. Configure it on one thread, then hand it to
 * {@link HttpServer#start}; starting freezes it (later changes throw {@link IllegalStateException}),
 * after which it is safe to use from every connection's thread.
 *
 * {@snippet :
 * var app = WebApp.create()
 *     .get("/", req -> Response.text("Hello, World!"))
 *     .named("user", "GET", "/users/{id:\\d+}", req -> Response.json(users.find(req.pathParamLong("id"))))
 *     .staticFiles("/static", Path.of("public"))
 *     .use(Middlewares.accessLog())
 *     .use(Middlewares.errors());
 * String url = app.url("user", Map.of("id", "7"));   // "/users/7"
 * }
 */
public final class WebApp {
    /** A lifecycle step run with the app (aiohttp's {@code on_startup}/{@code on_shutdown}). */
    @FunctionalInterface
    public interface Hook {
        /** Runs the step; an exception at startup aborts the start. */
        void run(WebApp app) throws Exception;
    }

    /**
     * A resource opened at startup and closed at cleanup, in reverse order of registration (aiohttp's
     * {@code cleanup_ctx}: the code before {@code yield} is {@code open}, the code after it is {@code close}).
     */
    @FunctionalInterface
    public interface CleanupContext {
        /** Opens the resource; the returned handle is closed at cleanup. */
        AutoCloseable open(WebApp app) throws Exception;
    }

    private final Router router = new Router();
    private final List<Middleware> middlewares = new ArrayList<>();
    private final Map<String, WebApp> mounts = new LinkedHashMap<>();
    private final List<Hook> onStartup = new ArrayList<>();
    private final List<Hook> onShutdown = new ArrayList<>();
    private final List<CleanupContext> cleanupContexts = new ArrayList<>();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final Map<String, Object> state = new ConcurrentHashMap<>();
    private boolean normalizeTrailingSlash;
    private volatile boolean frozen;
    private String prefix = "";
    private Handler chain;
    private volatile HttpServer server;

    private WebApp() {
    }

    /** A new, empty application. */
    public static WebApp create() {
        return new WebApp();
    }

    /** Adds a GET route (HEAD is answered by it too). */
    public WebApp get(String path, Handler handler) {
        return route("GET", path, handler);
    }

    /** Adds a POST route. */
    public WebApp post(String path, Handler handler) {
        return route("POST", path, handler);
    }

    /** Adds a PUT route. */
    public WebApp put(String path, Handler handler) {
        return route("PUT", path, handler);
    }

    /** Adds a PATCH route. */
    public WebApp patch(String path, Handler handler) {
        return route("PATCH", path, handler);
    }

    /** Adds a DELETE route. */
    public WebApp delete(String path, Handler handler) {
        return route("DELETE", path, handler);
    }

    /**
     * Adds a route for {@code method} ({@code "*"} for any) at {@code path}: literal text,
     * {@code {name}} for one segment, {@code {name:regex}} for a constrained one, {@code {tail:.*}}
     * for the rest of the path.
     */
    public WebApp route(String method, String path, Handler handler) {
        return named(null, method, path, handler);
    }

    /** Adds a route with a name for {@link #url} (aiohttp's {@code name=}); {@code name} may be null. */
    public WebApp named(String name, String method, String path, Handler handler) {
        checkNotFrozen();
        Objects.requireNonNull(handler, "handler");
        if (!method.equals("*") && !FieldSyntax.isToken(method)) {
            throw new IllegalArgumentException("invalid method: " + method);
        }
        router.add(method, path, handler, name);
        return this;
    }

    /** Adds a WebSocket route at {@code path} with {@link WebSocketOptions#defaults()} (4 MiB messages, permessage-deflate). */
    public WebApp websocket(String path, WebSocketRoute route) {
        return websocket(path, WebSocketOptions.defaults(), route);
    }

    /**
     * Adds a WebSocket route at {@code path}: a GET whose handshake is validated and negotiated with
     * {@code options} (subprotocols, permessage-deflate, limits, allowed origins); a handshake from
     * another site's page is answered 403 (see {@link WebSocketOptions}), a bad one with its 4xx, a good
     * one with 101, after which {@code route} talks over the socket. During graceful
     * shutdown open sockets are closed with 1001.
     */
    public WebApp websocket(String path, WebSocketOptions options, WebSocketRoute route) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(route, "route");
        return get(path, req -> {
            String originRefusal = OriginCheck.refusal(req.headers("Origin"), req.scheme(), req.host(), options);
            if (originRefusal != null) {
                return Problems.of(403, originRefusal, req);
            }
            return switch (ServerHandshake.negotiate(req.method(), req.version(), req::headers, options)) {
                case HandshakeResult.Accepted accepted -> {
                    Response switching = Response.empty(101)
                            .body(new Body.Switch(new WebSocketUpgrade(req, accepted, options, route)));
                    accepted.responseHeaders().forEach(h -> switching.header(h.getKey(), h.getValue()));
                    yield switching;
                }
                case HandshakeResult.Rejected rejected -> {
                    Response refused = Problems.of(rejected.status(), rejected.reason(), req);
                    rejected.headers().forEach(h -> refused.header(h.getKey(), h.getValue()));
                    yield refused;
                }
            };
        });
    }

    /**
     * Serves the files under {@code root} at {@code prefix}: content types by extension, ETag and
     * Range support; {@code ..}, encoded slashes, hidden files and symbolic links leaving the root
     * answer 404.
     */
    public WebApp staticFiles(String prefix, Path root) {
        String base = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        Handler files = StaticFiles.handler(root);
        route("GET", base + "/{filename:.+}", files);
        return this;
    }

    /** Appends a middleware; the first added runs outermost. */
    public WebApp use(Middleware middleware) {
        checkNotFrozen();
        middlewares.add(Objects.requireNonNull(middleware, "middleware"));
        return this;
    }

    /**
     * Mounts {@code sub} under {@code prefix} (aiohttp's {@code add_subapp}): requests below the prefix
     * go to the sub-application, through this app's middlewares and then its own; its lifecycle hooks
     * run with this app's.
     */
    public WebApp mount(String prefix, WebApp sub) {
        checkNotFrozen();
        if (!prefix.startsWith("/") || prefix.length() < 2) {
            throw new IllegalArgumentException("mount prefix must start with '/' and not be the root: " + prefix);
        }
        if (sub == this || !sub.prefix.isEmpty()) {
            throw new IllegalArgumentException("sub-application already mounted");
        }
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        sub.prefix = this.prefix + p;
        mounts.put(p, sub);
        return this;
    }

    /**
     * When on, a request that matches no route but would match with its trailing slash added or
     * removed is redirected there with 308 (aiohttp's {@code normalize_path_middleware}).
     */
    public WebApp normalizeTrailingSlash(boolean on) {
        checkNotFrozen();
        normalizeTrailingSlash = on;
        return this;
    }

    /** Adds a hook run when the server starts, before it accepts connections. */
    public WebApp onStartup(Hook hook) {
        checkNotFrozen();
        onStartup.add(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /** Adds a hook run when the server shuts down, after in-flight requests finished. */
    public WebApp onShutdown(Hook hook) {
        checkNotFrozen();
        onShutdown.add(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /** Adds a startup/cleanup pair (aiohttp's {@code cleanup_ctx}). */
    public WebApp cleanupContext(CleanupContext context) {
        checkNotFrozen();
        cleanupContexts.add(Objects.requireNonNull(context, "context"));
        return this;
    }

    /** Stores shared state (aiohttp's {@code app[key] = value}); allowed at any time. */
    public WebApp set(String key, Object value) {
        state.put(key, value);
        return this;
    }

    /** The state stored under {@code key}, cast to {@code type}; throws if absent. */
    public <T> T get(String key, Class<T> type) {
        Object value = state.get(key);
        if (value == null) {
            throw new IllegalStateException("no app state " + key);
        }
        return type.cast(value);
    }

    /** The URL path of the route named {@code name} with {@code params} (aiohttp's {@code url_for}). */
    public String url(String name, Map<String, String> params) {
        String path = router.url(name, params);
        if (path != null) {
            return prefix + path;
        }
        for (WebApp sub : mounts.values()) {
            try {
                return sub.url(name, params);
            } catch (IllegalArgumentException e) {
                if (!e.getMessage().startsWith("no route named")) {
                    throw e;
                }
            }
        }
        throw new IllegalArgumentException("no route named " + name);
    }

    /**
     * The server serving this application (or the application it is mounted on), once it listens; empty
     * before. Lets a handler or a metrics binder read the server's figures without being handed it.
     */
    public Optional<HttpServer> server() {
        return Optional.ofNullable(server);
    }

    void serving(HttpServer server) {
        this.server = server;
        mounts.values().forEach(sub -> sub.serving(server));
    }

    private void checkNotFrozen() {
        if (frozen) {
            throw new IllegalStateException("the application is running; configure it before starting");
        }
    }

    /** Freezes the app and its sub-apps and builds the middleware chain once. */
    void freeze() {
        if (frozen) {
            return;
        }
        frozen = true;
        Handler h = this::route;
        for (int i = middlewares.size() - 1; i >= 0; i--) {
            Middleware m = middlewares.get(i);
            Handler next = h;
            h = req -> m.handle(req, next);
        }
        chain = h;
        for (var mount : mounts.entrySet()) {
            // Prefixes are final only now: this app may have been mounted after its own sub-apps.
            mount.getValue().prefix = prefix + mount.getKey();
            mount.getValue().freeze();
        }
    }

    /** Runs the startup hooks and opens the cleanup contexts (this app, then sub-apps). */
    void startup() throws Exception {
        for (Hook hook : onStartup) {
            hook.run(this);
        }
        for (CleanupContext context : cleanupContexts) {
            opened.add(context.open(this));
        }
        for (WebApp sub : mounts.values()) {
            sub.startup();
        }
    }

    /** Runs the shutdown hooks, then closes the cleanup contexts in reverse; every failure is kept. */
    void shutdown(List<Throwable> failures) {
        for (WebApp sub : mounts.values()) {
            sub.shutdown(failures);
        }
        for (Hook hook : onShutdown) {
            try {
                hook.run(this);
            } catch (Exception e) {
                failures.add(e);
            }
        }
        List<AutoCloseable> reverse = new ArrayList<>(opened);
        Collections.reverse(reverse);
        opened.clear();
        for (AutoCloseable c : reverse) {
            try {
                c.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
    }

    /** Runs {@code request} through this app's middlewares and routes. */
    Response handle(Request request) throws Exception {
        return chain.handle(request);
    }

    private Response route(Request req) throws Exception {
        String path = req.rawPath().substring(Math.min(req.rawPath().length(), prefix.length()));
        if (path.isEmpty()) {
            path = "/";
        }
        for (var mount : mounts.entrySet()) {
            String p = mount.getKey();
            if (path.equals(p) || path.startsWith(p + "/")) {
                return mount.getValue().handle(req);
            }
        }
        Router.Match match = router.match(req.method(), path);
        switch (match) {
            case Router.Found(Handler handler, Map<String, String> params, String template) -> {
                req.attribute(Middlewares.ROUTE, prefix + template);
                return handler.handle(new RoutedRequest(req, this, params));
            }
            case Router.WrongMethod(var allowed, String template) -> {
                req.attribute(Middlewares.ROUTE, prefix + template);
                if (req.method().equals("OPTIONS")) {
                    return Response.noContent().header("Allow", String.join(", ", allowed));
                }
                throw new MethodNotAllowed(req.method(), allowed);
            }
            case Router.Missing m -> {
                if (normalizeTrailingSlash && path.length() > 1) {
                    String other = path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/";
                    if (!(router.match("GET", other) instanceof Router.Missing)) {
                        String query = req.rawQuery().isEmpty() ? "" : "?" + req.rawQuery();
                        return Response.redirect(308, prefix + other + query);
                    }
                }
                throw new NotFound("no route for " + req.path());
            }
        }
    }
}
