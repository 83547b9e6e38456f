package dev.weft.templates;

import java.util.List;

/** A record model passed to a template as its one parameter. */
public record Profile(String name, List<String> tags) {
}
