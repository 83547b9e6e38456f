package dev.weft.api;

import dev.weft.http.server.NotFound;
import dev.weft.http.server.Response;
import dev.weft.http.server.WebApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Swagger UI from the {@code org.webjars:swagger-ui} jar, so the docs work offline: a page at the docs
 * path pointing the UI at the OpenAPI document, and the UI's files below it (a fixed list: nothing else
 * of the class path is reachable). Each file is read on its first request, not at start-up (the bundle
 * alone is over a megabyte), then kept.
 */
final class SwaggerUi {
    private static final String ROOT = "META-INF/resources/webjars/swagger-ui/";
    private static final Map<String, String> FILES = Map.of(
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "swagger-ui.css", "text/css; charset=utf-8",
            "favicon-32x32.png", "image/png",
            "oauth2-redirect.html", "text/html; charset=utf-8");

    private SwaggerUi() {
    }

    static void mount(WebApp app, String docsPath, String openApiPath) {
        String version = version(); // read now: a missing webjar fails the start, not the first visit
        var files = new ConcurrentHashMap<String, byte[]>();
        String base = docsPath.endsWith("/") ? docsPath.substring(0, docsPath.length() - 1) : docsPath;
        String page = """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>API docs</title>
                <link rel="stylesheet" href="%1$s/swagger-ui.css">
                <link rel="icon" type="image/png" href="%1$s/favicon-32x32.png">
                </head>
                <body>
                <div id="swagger-ui"></div>
                <script src="%1$s/swagger-ui-bundle.js"></script>
                <script>
                window.ui = SwaggerUIBundle({url: "%2$s", dom_id: "#swagger-ui", deepLinking: true,
                    oauth2RedirectUrl: window.location.origin + "%1$s/oauth2-redirect.html"});
                </script>
                </body>
                </html>
                """.formatted(base, openApiPath);
        app.get(base, req -> Response.html(page));
        app.get(base + "/{file}", req -> {
            String name = req.pathParam("file");
            if (!FILES.containsKey(name)) {
                throw new NotFound("no docs file " + name);
            }
            byte[] data = files.computeIfAbsent(name, n -> read(ROOT + version + "/" + n));
            return Response.bytes(data, FILES.get(name)).header("Cache-Control", "public, max-age=86400");
        });
    }

    private static String version() {
        try (InputStream in = resource("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            var properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(String name) {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = SwaggerUi.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("Swagger UI needs org.webjars:swagger-ui on the class path (missing " + name
                    + "); or turn the docs off with docsPath(null)");
        }
        return in;
    }
}
