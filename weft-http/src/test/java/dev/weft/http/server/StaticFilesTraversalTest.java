package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile paths against {@link WebApp#staticFiles}: every way out of the root (raw, encoded and
 * double-encoded dot segments, backslashes, NUL, drive letters, overlong UTF-8, symbolic links to a file
 * or a directory outside) answers 4xx and never a byte of a file outside the root.
 */
class StaticFilesTraversalTest {
    @TempDir
    static Path dir;
    static HttpServer server;

    @BeforeAll
    static void start() throws IOException {
        Path root = Files.createDirectories(dir.resolve("public"));
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/page.txt"), "inside");
        Files.writeString(root.resolve("%2e%2e"), "a file named %2e%2e");
        Path outside = Files.createDirectories(dir.resolve("private"));
        Files.writeString(outside.resolve("secret.txt"), "SECRET-OUTSIDE");
        Files.writeString(dir.resolve("secret.txt"), "SECRET-ABOVE");
        Files.createSymbolicLink(root.resolve("link.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("linkdir"), outside);
        Files.createSymbolicLink(root.resolve("sub/inner.txt"), root.resolve("sub/page.txt"));
        server = LocalServer.start(WebApp.create().staticFiles("/static", root));
    }

    @AfterAll
    static void stop() {
        LocalServer.stop(server);
    }

    private static RawClient.Reply get(RawClient c, String target) throws IOException {
        return c.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
    }

    @Test
    void servesFilesInsideTheRootIncludingLinksThatStayInside() throws IOException {
        try (var c = new RawClient(server.port())) {
            assertThat(get(c, "/static/sub/page.txt").text()).isEqualTo("inside");
            assertThat(get(c, "/static/sub/inner.txt").text()).isEqualTo("inside");
            // Double-encoding is decoded once: the name is the literal "%2e%2e", a file inside the root.
            assertThat(get(c, "/static/%252e%252e").text()).isEqualTo("a file named %2e%2e");
        }
    }

    @Test
    void noTargetReachesAFileOutsideTheRoot() throws IOException {
        String[] targets = {
            "/static/../secret.txt", "/static/sub/../../secret.txt", "/static/%2e%2e/secret.txt",
            "/static/%2E%2E/%2E%2E/secret.txt", "/static/.%2e/secret.txt", "/static/%2e%2e%2fsecret.txt",
            "/static/sub%2f..%2f..%2fsecret.txt", "/static/%252e%252e/secret.txt", "/static/%252e%252e%252fsecret.txt",
            "/static/..%5csecret.txt", "/static/sub%5c..%5c..%5csecret.txt", "/static/%5c..%5csecret.txt",
            "/static/%c0%ae%c0%ae/secret.txt", "/static/%e0%80%ae%e0%80%ae/secret.txt",
            "/static/%2fetc%2fpasswd", "/static//etc/passwd", "/static/C:%5cWindows", "/static/sub/page.txt%00.png",
            "/static/link.txt", "/static/linkdir/secret.txt", "/static/linkdir/../secret.txt",
            "/static/..;/secret.txt", "/static/.%00./secret.txt", "/static/%2e/sub/page.txt",
        };
        for (String target : targets) {
            try (var c = new RawClient(server.port())) {
                var reply = get(c, target);
                assertThat(reply.status()).as(target).isBetween(400, 499);
                assertThat(reply.text()).as(target).doesNotContain("SECRET").doesNotContain("root:");
            }
        }
    }

    @Test
    void rawBackslashesAndDotSegmentsInTheRequestLineNeverEscape() throws IOException {
        for (String target : new String[]{"/static/..\\secret.txt", "/static/sub\\..\\..\\secret.txt",
                "/static/./../secret.txt", "/static/linkdir/..\\..\\secret.txt"}) {
            try (var c = new RawClient(server.port())) {
                var reply = get(c, target);
                assertThat(reply.status()).as(target).isBetween(400, 499);
                assertThat(reply.text()).as(target).doesNotContain("SECRET");
            }
        }
    }
}
