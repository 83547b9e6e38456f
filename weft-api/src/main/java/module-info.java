/**
 * FastAPI for Java: typed controllers on weft-http's {@code WebApp} with parameter binding, strict JSON
 * bodies, Jakarta Validation (422 answers located like FastAPI's), dependency providers with clean-up,
 * security schemes, background tasks, an OpenAPI 3.1 document, Swagger UI and a test client, all in
 * {@code dev.weft.api}. Controllers, providers and records live in the user's packages: open them to
 * {@code dev.weft.api} (method handles), {@code org.hibernate.validator} and
 * {@code com.fasterxml.jackson.databind} (record fields and accessors), and compile with
 * {@code -parameters} to use parameter names.
 */
module dev.weft.api {
    requires transitive dev.weft.core;
    requires transitive dev.weft.http;
    requires transitive jakarta.validation;
    requires org.hibernate.validator;
    requires com.fasterxml.jackson.datatype.jdk8;
    requires com.fasterxml.jackson.datatype.jsr310;

    exports dev.weft.api;
}
