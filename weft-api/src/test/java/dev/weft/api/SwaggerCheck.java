package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.core.models.ParseOptions;

/** Reads an OpenAPI document with swagger-parser, references resolved, and fails on any message it has. */
final class SwaggerCheck {
    private SwaggerCheck() {
    }

    static OpenAPI parsedWithoutMessages(String document) {
        var options = new ParseOptions();
        options.setResolve(true);
        var result = new OpenAPIParser().readContents(document, null, options);
        assertThat(result.getMessages()).isEmpty();
        return result.getOpenAPI();
    }
}
