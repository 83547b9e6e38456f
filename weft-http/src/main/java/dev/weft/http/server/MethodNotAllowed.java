package dev.weft.http.server;

import java.util.Set;
import java.util.TreeSet;

/** The 405 Method Not Allowed error, carrying the methods the resource allows (sent as {@code Allow}). Immutable. */
public class MethodNotAllowed extends HttpException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;
    /** The methods the resource allows. */
    private final Set<String> allowed;

    /** Answers 405 for {@code method}, listing {@code allowed} in the {@code Allow} header. */
    public MethodNotAllowed(String method, Set<String> allowed) {
        super(405, "method " + method + " not allowed");
        this.allowed = Set.copyOf(allowed);
    }

    /** The methods the resource allows, sorted. */
    public Set<String> allowed() {
        return new TreeSet<>(allowed);
    }
}
