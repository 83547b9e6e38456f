package dev.weft.http.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Serves a directory: the route's {@code filename} parameter is checked segment by segment so that
 * no request can leave the root ({@code ..}, empty or hidden segments, backslashes, NUL, symbolic
 * links pointing outside), and everything refused is a plain 404 that reveals nothing.
 */
final class StaticFiles {
    private StaticFiles() {
    }

    static Handler handler(Path root) {
        Path base;
        try {
            base = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("static root does not exist: " + root, e);
        }
        if (!Files.isDirectory(base)) {
            throw new IllegalArgumentException("static root is not a directory: " + root);
        }
        return request -> Response.file(resolve(base, request.pathParam("filename")));
    }

    static Path resolve(Path base, String relative) {
        Path file = base;
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".") || segment.indexOf('\\') >= 0
                    || segment.indexOf('\0') >= 0 || segment.indexOf(':') >= 0) {
                throw new NotFound();
            }
            file = file.resolve(segment);
        }
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(base) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                throw new NotFound();
            }
            return real;
        } catch (IOException e) {
            throw new NotFound();
        }
    }
}
