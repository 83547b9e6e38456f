package dev.weft.security.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short script in /usr/bin/python3 (argon2-cffi and bcrypt from Debian) as a peer nobody here wrote. */
final class Python {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private Python() {
    }

    /** What {@code script} prints (trimmed), given {@code args} as {@code sys.argv[1:]}; a failed script fails the test. */
    static String run(String script, String... args) throws IOException, InterruptedException {
        assertThat(Files.isExecutable(PYTHON)).as("/usr/bin/python3 (with python3-argon2 and python3-bcrypt)").isTrue();
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", script));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("python finished").isTrue();
        String text = new String(out, StandardCharsets.UTF_8).trim();
        assertThat(process.exitValue()).as("python said: " + text).isZero();
        return text;
    }
}
