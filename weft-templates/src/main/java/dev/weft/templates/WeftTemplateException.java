package dev.weft.templates;

/**
 * A template that could not be rendered: not found, not compiling, given the wrong parameters, or
 * failing while it ran. The message names the template and, when jte knows it, the line. Unchecked;
 * immutable. Thrown before any byte of the response is written, so a handler that lets it through
 * answers 500 (and the failure is logged), never a truncated page.
 */
public class WeftTemplateException extends RuntimeException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** A failure of {@code template} described by {@code message}, caused by {@code cause}. */
    public WeftTemplateException(String template, String message, Throwable cause) {
        super(message.contains(template) ? message : template + ": " + message, cause);
    }
}
