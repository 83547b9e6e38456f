package dev.weft.templates;

import dev.weft.http.server.Response;
import gg.jte.CodeResolver;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.TemplateException;
import gg.jte.output.Utf8ByteOutput;
import gg.jte.resolve.DirectoryCodeResolver;
import gg.jte.resolve.ResourceCodeResolver;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * jte HTML templates rendered into weft-http {@link Response}s ({@code text/html; charset=utf-8}).
 * Templates use {@link ContentType#Html}: every {@code ${value}} is escaped for where it lands (element
 * text, a quoted attribute value, a {@code <script>} or {@code <style>} block), and jte's
 * {@linkplain gg.jte.html.OwaspHtmlPolicy OWASP policy} rejects, at compile time, templates that put
 * output where no escaping is safe (unquoted attributes, tag or attribute names). Thread-safe; make one
 * per application and {@link #close()} it at shutdown.
 *
 * {@snippet :
 * // src/main/resources/templates/users.jte:
 * //   @param java.util.List<String> users
 * //   <ul>@for(String name : users)<li>${name}</li>@endfor</ul>
 * Templates templates = Templates.fromClasspath("templates");
 * app.get("/users", req -> templates.render("users.jte", Map.of("users", userNames())));
 * app.onShutdown(a -> templates.close());
 * }
 *
 * <p><b>How templates compile.</b> jte turns each template into a Java class the first time it is
 * rendered, with the JDK's compiler ({@code javax.tools}, in every JDK; a runtime image without the
 * {@code jdk.compiler} module cannot compile), into a temporary directory this object owns and
 * {@link #close()} deletes. Nothing is needed at build time, so templates work the same from a plain
 * jar, from an IDE and in tests. The compiler sees the application's class and module path, so
 * templates may take the application's own types as parameters; in a modular application their
 * package must be exported, as the template classes live outside any named module. The first render
 * of each template pays for the compilation (a second or so); render each once at startup if that
 * matters. Templates from {@link #fromDirectory} are recompiled when their file changes (development
 * mode).
 *
 * <p><b>What escaping does, context by context</b> (jte 3.2.5, checked by this module's tests): element
 * text escapes {@code < > &}; a quoted attribute value also escapes quotes; a URL attribute
 * ({@code href}, {@code src}, ...) is emptied when its scheme is {@code javascript:} or {@code data:}
 * (whatever the case, blanks or control characters around it) and kept otherwise, so check URLs that
 * come from users against the schemes you allow; inside {@code <script>} a value is escaped for a
 * JavaScript string ({@code "} becomes {@code \"}, {@code </} becomes {@code <\/}), so put it between
 * quotes; inside {@code <style>} only {@code < > &} are escaped, so a value can leave a CSS string: do
 * not put user values in style blocks.
 */
public final class Templates implements AutoCloseable {
    private static final String CONTENT_TYPE = "text/html; charset=utf-8";

    private final TemplateEngine engine;
    private final Path classDirectory;

    private Templates(CodeResolver resolver, ClassLoader parent) {
        try {
            this.classDirectory = Files.createTempDirectory("weft-jte");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for compiled templates", e);
        }
        this.engine = TemplateEngine.create(resolver, classDirectory, ContentType.Html, parent);
        engine.setClassPath(compileClassPath());
    }

    /**
     * The templates under {@code root} on the class path (e.g. {@code "templates"} for
     * {@code src/main/resources/templates}), read through the current thread's context class loader.
     */
    public static Templates fromClasspath(String root) {
        Objects.requireNonNull(root, "root");
        ClassLoader loader = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(),
                Templates.class.getClassLoader());
        return new Templates(new ResourceCodeResolver(root, loader), loader);
    }

    /**
     * The templates in {@code directory}, each recompiled when its file (or a template it calls)
     * changes: edit and reload the page while developing.
     */
    public static Templates fromDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("not a directory: " + directory);
        }
        ClassLoader loader = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(),
                Templates.class.getClassLoader());
        return new Templates(new DirectoryCodeResolver(directory), loader);
    }

    /**
     * 200 with template {@code name} rendered with {@code params} (its {@code @param}s by name).
     *
     * @throws WeftTemplateException naming the template (and line) when it is missing, does not
     *                               compile, gets wrong parameters or fails while rendering
     */
    public Response render(String name, Map<String, ?> params) {
        @SuppressWarnings("unchecked") // jte only reads the map
        Map<String, Object> values = (Map<String, Object>) Objects.requireNonNull(params, "params");
        var output = new Utf8ByteOutput();
        try {
            engine.render(name, values, output);
        } catch (TemplateException e) {
            throw new WeftTemplateException(name, e.getMessage(), e);
        }
        return Response.bytes(output.toByteArray(), CONTENT_TYPE);
    }

    /**
     * 200 with template {@code name}, which declares one {@code @param}, rendered with {@code model}
     * (a record, say).
     *
     * @throws WeftTemplateException naming the template (and line) when it is missing, does not
     *                               compile, gets a model of the wrong type or fails while rendering
     */
    public Response render(String name, Object model) {
        var output = new Utf8ByteOutput();
        try {
            engine.render(name, model, output);
        } catch (TemplateException e) {
            throw new WeftTemplateException(name, e.getMessage(), e);
        }
        return Response.bytes(output.toByteArray(), CONTENT_TYPE);
    }

    /** Deletes the compiled templates; render nothing afterwards. */
    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(classDirectory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete compiled templates in " + classDirectory, e);
        }
    }

    /**
     * What the template compiler may see: the class path and the module path the JVM started with
     * (jte by itself reads only the class path, which is empty for a modular application).
     */
    private static List<String> compileClassPath() {
        List<String> entries = new ArrayList<>();
        for (String property : List.of("java.class.path", "jdk.module.path")) {
            String value = System.getProperty(property);
            if (value != null) {
                for (String entry : value.split(File.pathSeparator)) {
                    if (!entry.isBlank()) {
                        entries.add(entry);
                    }
                }
            }
        }
        return entries;
    }
}
