package dev.weft.api;

import dev.weft.http.server.Response;
import dev.weft.http.server.WebApp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A typed, validated, documented API (FastAPI's {@code FastAPI()} object) made from controllers: plain
 * objects whose methods carry {@link Get}, {@link Post}, {@link Put}, {@link Patch} or {@link Delete}.
 * Everything is worked out by reflection once, when it is built: binders per parameter, method handles,
 * JSON shapes, the dependency graph (cycles and misuse fail here, naming the method and parameter), the
 * OpenAPI document. Serving a request then does no reflection. Mount it on a {@link WebApp}, beside plain
 * handlers; it adds {@code /openapi.json} and Swagger UI at {@code /docs}. Immutable and thread-safe.
 *
 * {@snippet :
 * record NewUser(@NotBlank @Size(max = 100) String name, @Min(0) @Max(150) int age) {}
 * class UsersApi {
 *     @Get("/users/{id}") Optional<User> get(@Path long id) { return users.find(id); }
 *     @Post(value = "/users", status = 201) User create(@Body NewUser body) { return users.add(body); }
 * }
 * var app = WebApp.create().get("/health", req -> Response.text("ok"));
 * Api.builder().title("Users").version("1.0").controller(new UsersApi()).mountOn(app);
 * HttpServer.start(app, 8080);
 * }
 */
public final class Api {
    /** Makes a dependency's value for one request (registered with {@link Builder#provide} or {@link Builder#override}). */
    @FunctionalInterface
    public interface Provider<T> {
        /** The value for the request in {@code scope}. */
        T provide(RequestScope scope) throws Exception;
    }

    private final List<Endpoint> endpoints;
    private final OpenApi document;
    // Serialised on first use (the docs or a test ask for it): racing first readers make equal copies.
    private volatile byte[] openApi;
    private final String openApiPath;
    private final String docsPath;
    private final Duration backgroundGrace;
    private final BackgroundRunner background;

    private Api(Builder builder) {
        var assembly = new Assembly(builder);
        this.endpoints = assembly.endpoints();
        this.background = assembly.background();
        this.document = assembly.openApi();
        this.openApiPath = builder.openApiPath;
        this.docsPath = builder.docsPath;
        this.backgroundGrace = builder.backgroundGrace;
    }

    /** A builder with FastAPI's defaults: title "API", version "0.1.0", FastAPI's error format, docs on. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds the operations to {@code app}, with {@code /openapi.json} and the docs unless turned off, and
     * a shutdown hook that waits for background tasks; returns {@code app}.
     */
    public WebApp mountOn(WebApp app) {
        for (Endpoint e : endpoints) {
            app.route(e.route().method(), e.route().path(), e);
        }
        if (openApiPath != null) {
            app.get(openApiPath, req -> Response.bytes(openApiBytes(), "application/json"));
            if (docsPath != null) {
                SwaggerUi.mount(app, docsPath, openApiPath);
            }
        }
        app.onShutdown(a -> background.shutdown(backgroundGrace));
        return app;
    }

    /** The OpenAPI 3.1 document, as JSON. */
    public String openApi() {
        return new String(openApiBytes(), StandardCharsets.UTF_8);
    }

    private byte[] openApiBytes() {
        byte[] bytes = openApi;
        if (bytes == null) {
            bytes = document.toJson().getBytes(StandardCharsets.UTF_8);
            openApi = bytes;
        }
        return bytes;
    }

    /** Background tasks running now (for tests and metrics). */
    public int runningBackgroundTasks() {
        return background.running();
    }

    /** Collects controllers, providers and settings; used on one thread, then {@link #build()}. */
    public static final class Builder {
        String title = "API";
        String version = "0.1.0";
        String description;
        final List<Object> controllers = new ArrayList<>();
        final List<Object> providers = new ArrayList<>();
        final Map<Class<?>, Object> values = new LinkedHashMap<>();
        final Map<Class<?>, Provider<?>> lambdas = new LinkedHashMap<>();
        final Map<Class<?>, Provider<?>> overrides = new LinkedHashMap<>();
        final List<SecurityScheme> schemes = new ArrayList<>();
        ErrorFormat errorFormat = ErrorFormat.fastApi();
        String openApiPath = "/openapi.json";
        String docsPath = "/docs";
        Duration backgroundGrace = Duration.ofSeconds(10);

        private Builder() {
        }

        /** The API's title in the docs. */
        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /** The API's version in the docs. */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** A description for the docs (CommonMark). */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** Adds a controller: every method with a route annotation becomes an operation. */
        public Builder controller(Object controller) {
            controllers.add(Objects.requireNonNull(controller, "controller"));
            return this;
        }

        /** Adds an object whose {@link Provides} methods provide dependencies. */
        public Builder providers(Object providers) {
            this.providers.add(Objects.requireNonNull(providers, "providers"));
            return this;
        }

        /** Provides {@code value} (a pool, a client, a clock) to every parameter of {@code type}. */
        public <T> Builder value(Class<T> type, T value) {
            values.put(type, type.cast(Objects.requireNonNull(value, "value")));
            return this;
        }

        /** Provides {@code type} per request with a lambda (it may ask {@link RequestScope#get} for others). */
        public <T> Builder provide(Class<T> type, Provider<? extends T> provider) {
            lambdas.put(type, Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * Replaces the provider of {@code type}, whatever registered it (FastAPI's
         * {@code dependency_overrides}): for tests.
         */
        public <T> Builder override(Class<T> type, Provider<? extends T> provider) {
            overrides.put(type, Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /** Registers a security scheme: it provides its credential type and shows in the docs. */
        public Builder security(SecurityScheme scheme) {
            schemes.add(Objects.requireNonNull(scheme, "scheme"));
            return this;
        }

        /** Replaces the format of invalid-request answers (and their schema in the docs). */
        public Builder errorFormat(ErrorFormat format) {
            this.errorFormat = Objects.requireNonNull(format, "format");
            return this;
        }

        /** Where the OpenAPI document is served; null serves neither it nor the docs. */
        public Builder openApiPath(String path) {
            this.openApiPath = path;
            return this;
        }

        /** Where Swagger UI is served; null turns it off. */
        public Builder docsPath(String path) {
            this.docsPath = path;
            return this;
        }

        /** How long shutdown waits for background tasks still running (default 10 s). */
        public Builder backgroundGrace(Duration grace) {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("backgroundGrace < 0: " + grace);
            }
            this.backgroundGrace = grace;
            return this;
        }

        /** Builds the API; a mistake in the annotations throws {@link IllegalArgumentException} naming it. */
        public Api build() {
            return new Api(this);
        }

        /** Builds the API and mounts it on {@code app}; returns {@code app}. */
        public WebApp mountOn(WebApp app) {
            return build().mountOn(app);
        }
    }
}
