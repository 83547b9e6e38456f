package dev.weft.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Templates compile where applications run: on a plain class path (as from {@code java -jar}), not
 * only on the module path the tests use, with no build step and no extra JVM flag.
 */
class PlainClassPathTest {
    @Test
    void rendersFromAPlainClassPath() throws Exception {
        List<String> classPath = new ArrayList<>();
        classPath.add(location(ClassPathRender.class)); // test classes and templates
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property, "");
            for (String entry : value.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    classPath.add(entry);
                }
            }
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", String.join(File.pathSeparator, classPath),
                ClassPathRender.class.getName()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).startsWith("class path\ntext/html; charset=utf-8\n")
                .contains("<h1>&lt;i&gt;Ada&lt;/i&gt;</h1>");
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
