package dev.weft.templates;

import dev.weft.http.server.LocalExchange;
import dev.weft.http.server.WebApp;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Run by {@link PlainClassPathTest} in a JVM of its own started with {@code -cp} (no module path, as
 * {@code java -jar} runs): prints where {@link Templates} was loaded from, then a rendered page.
 */
public final class ClassPathRender {
    private ClassPathRender() {
    }

    /** Prints "class path" or "named module", the content type, and {@code profile.jte} for a hostile name. */
    public static void main(String[] args) {
        try (Templates templates = Templates.fromClasspath("templates")) {
            var app = WebApp.create().get("/", req -> templates.render("profile.jte",
                    new Profile("<i>Ada</i>", List.of("x"))));
            LocalExchange exchange = LocalExchange.run(app, "GET", "/", List.of(), new byte[0]);
            System.out.println(Templates.class.getModule().isNamed() ? "named module" : "class path");
            System.out.println(exchange.response().header("Content-Type"));
            System.out.println(new String(exchange.body(), StandardCharsets.UTF_8));
        }
    }
}
