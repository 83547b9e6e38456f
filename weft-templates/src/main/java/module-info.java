/**
 * Server-side HTML for weft-http through jte, whose HTML templates escape every value for the context
 * it lands in (text, attribute, URL, script); the one package, {@code dev.weft.templates}, renders
 * templates into {@code Response}s.
 */
module dev.weft.templates {
    requires transitive dev.weft.http;
    requires transitive gg.jte.runtime; // TemplateEngine, ContentType, outputs
    requires gg.jte;                    // the resolvers and the template compiler
    // jte compiles templates at run time through javax.tools: this puts the compiler in the boot layer.
    requires java.compiler;

    exports dev.weft.templates;
}
