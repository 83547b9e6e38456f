/**
 * Server-side HTML through jte with contextual auto-escaping, as weft-http responses: see
 * {@link dev.weft.templates.Templates}.
 */
package dev.weft.templates;
