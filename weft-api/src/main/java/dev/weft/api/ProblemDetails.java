package dev.weft.api;

import java.util.Optional;

/**
 * The schema of weft-http's error answers in the OpenAPI document: never made, only described (the
 * server builds the body itself). Its component name is {@code ProblemDetails}.
 */
@Description("An error as RFC 9457 problem details, sent as application/problem+json")
record ProblemDetails(
        @Description("A URI naming the kind of problem; about:blank when the status says it all") String type,
        @Description("The status's reason phrase") String title,
        @Description("The HTTP status") int status,
        @Description("What went wrong, for a person to read") String detail,
        @Description("The path of the request that failed") Optional<String> instance) {
}
