package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link HttpServer#run} in a real process: it serves, and SIGTERM shuts it down gracefully. */
class RunSignalTest {
    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void sigtermShutsDownGracefully() throws Exception {
        // The test JVM runs the module from the module path; the child takes the same jars as a class path.
        String path = Stream.of(location(WebApp.class), location(RunMain.class),
                        System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""))
                .filter(p -> !p.isEmpty()).reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", path, RunMain.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // Output is read on its own thread so that a stuck child fails the test instead of hanging it.
        var lines = new LinkedBlockingQueue<String>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // The child is gone.
            }
        });
        try {
            Pattern serving = Pattern.compile("serving on /127\\.0\\.0\\.1:(\\d+)");
            var output = new StringBuilder();
            int port = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (port < 0 && System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    output.append(line).append('\n');
                    Matcher m = serving.matcher(line);
                    if (m.find()) {
                        port = Integer.parseInt(m.group(1));
                    }
                }
            }
            assertThat(port).as(output.toString()).isPositive();
            var response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("up");
            process.toHandle().destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(reader.join(Duration.ofSeconds(10))).as("child output fully read").isTrue();
            for (String line; (line = lines.poll()) != null; ) {
                output.append(line).append('\n');
            }
            assertThat(output).contains("shutdown hook ran");
        } finally {
            process.destroyForcibly();
        }
    }
}
