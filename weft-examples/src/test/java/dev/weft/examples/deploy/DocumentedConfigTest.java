package dev.weft.examples.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/deploy.md shows the nginx configuration the deploy tests run, word for word. */
class DocumentedConfigTest {
    @Test
    void theGuideShowsTheTestedNginxConfiguration() throws IOException {
        Path guide = repositoryRoot().resolve("docs/deploy.md");
        assertThat(Files.readString(guide)).as(guide.toString())
                .contains("```nginx\n" + Nginx.template() + "```\n");
    }

    /** The directory with ./weft and pom.xml, above the module's working directory. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("weft")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new AssertionError("no directory with ./weft and pom.xml above " + Path.of("").toAbsolutePath());
    }
}
