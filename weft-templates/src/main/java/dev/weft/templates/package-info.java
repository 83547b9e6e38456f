/**
 * Server-side HTML through jte with contextual auto-escaping, as weft-http responses.
 */
package dev.weft.templates;
