package dev.weft.pg.codec.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.pg.PgException;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Jackson is an optional dependency: only {@code JacksonJson} may name its types, so that no other class
 * of the driver fails to load when Jackson is absent.
 */
class JacksonIsolationTest {

    @Test
    void onlyJacksonJsonReferencesJackson() throws IOException, URISyntaxException {
        Path dir = Path.of(PgException.class.getResource("PgException.class").toURI()).getParent();
        List<String> referencing;
        try (Stream<Path> classes = Files.walk(dir)) {
            referencing = classes.filter(p -> p.toString().endsWith(".class"))
                    .filter(JacksonIsolationTest::mentionsJackson)
                    .map(p -> p.getFileName().toString())
                    .toList();
        }
        assertThat(referencing).containsExactly("JacksonJson.class");
    }

    private static boolean mentionsJackson(Path classFile) {
        try {
            // class files keep referenced type names as UTF-8 in the constant pool
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains("com/fasterxml/jackson");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
