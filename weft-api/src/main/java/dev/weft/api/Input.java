package dev.weft.api;

import java.lang.reflect.AnnotatedElement;
import java.util.List;

/**
 * One thing an operation reads from the request, for the OpenAPI document and for error locations.
 *
 * @param in           {@code path}, {@code query}, {@code header}, {@code cookie}, {@code body} (JSON),
 *                     {@code form} or {@code file}
 * @param name         the name on the wire (unused for {@code body})
 * @param shape        what the value looks like
 * @param required     whether the request must carry it
 * @param annotated    where its constraint annotations are read
 * @param description  from {@link Description}, or null
 * @param defaultValue from {@link Default}, or null
 */
record Input(String in, String name, Shape shape, boolean required, AnnotatedElement annotated,
             String description, String defaultValue) {
    /** The location prefix of its errors: {@code ["query", "limit"]}, or {@code ["body"]} for the JSON body. */
    List<Object> loc() {
        return in.equals("body") ? List.of("body") : List.of(in.equals("form") || in.equals("file") ? "body" : in, name);
    }
}
