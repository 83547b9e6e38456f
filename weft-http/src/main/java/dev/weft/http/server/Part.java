package dev.weft.http.server;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * One part of a {@code multipart/form-data} body. A file part larger than the server's spooling
 * threshold lives in a temporary file deleted when the request ends; copy it with {@link #saveTo}
 * to keep it. Immutable view; its content may be read several times.
 */
public interface Part {
    /** The form field name from {@code Content-Disposition}. */
    String name();

    /** The file name the client sent, or null for a plain field. */
    String filename();

    /** The part's {@code Content-Type}, {@code text/plain} when absent. */
    String contentType();

    /** The size in bytes. */
    long size();

    /** Whether this is a file part (it has a {@code filename}). */
    boolean isFile();

    /** The content as text (UTF-8). */
    String text();

    /** The content as bytes; for a large spooled file prefer {@link #open()}. */
    byte[] bytes();

    /** A fresh stream over the content. */
    InputStream open();

    /** Copies the content to {@code target}, replacing it. */
    void saveTo(Path target);
}
