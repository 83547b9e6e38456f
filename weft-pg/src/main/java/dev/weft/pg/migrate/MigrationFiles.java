package dev.weft.pg.migrate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reads the {@code .sql} files of a directory or of a class-path location (a directory or a jar on the
 * class path) into migrations sorted by version. A jar must hold an entry for the directory itself, as
 * the jars Maven and its shade plugin build do: the class loader finds the location through it. Any {@code .sql} file with a name that is not a
 * migration's, two files with one version and text that is not UTF-8 are errors, so a typo never
 * leaves a file silently unapplied.
 */
final class MigrationFiles {
    private MigrationFiles() {
    }

    static List<Migration> fromDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("no such migrations directory: " + directory);
        }
        List<Migration> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".sql")).toList()) {
                found.add(Migration.of(file.getFileName().toString(), utf8(Files.readAllBytes(file), file.toString())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migrations from " + directory + ": " + e.getMessage(), e);
        }
        return sorted(found, directory.toString());
    }

    static List<Migration> fromClasspath(String location, ClassLoader loader) {
        String prefix = location.replaceAll("^/+|/+$", "");
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("empty class-path location for migrations: '" + location + "'");
        }
        List<Migration> found = new ArrayList<>();
        try {
            List<URL> roots = Collections.list(loader.getResources(prefix));
            if (roots.isEmpty()) {
                throw new IllegalArgumentException("no migrations at class-path location " + prefix);
            }
            // A location may be reached twice, as a patched module and on the class path, under URLs that
            // differ only in form: each directory or jar is read once.
            Set<String> read = new HashSet<>();
            for (URL root : roots) {
                switch (root.getProtocol()) {
                    case "file" -> {
                        Path directory = Path.of(root.toURI()).toRealPath();
                        if (read.add(directory.toString())) {
                            found.addAll(fromDirectory(directory));
                        }
                    }
                    case "jar" -> {
                        if (read.add(root.toExternalForm())) {
                            found.addAll(fromJar(root, prefix + "/"));
                        }
                    }
                    default -> throw new IllegalArgumentException("cannot list migrations at " + root
                            + " (only directories and jars on the class path are read)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migrations from class-path location " + prefix + ": "
                    + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot read migrations from class-path location " + prefix, e);
        }
        return sorted(found, "class-path location " + prefix);
    }

    private static List<Migration> fromJar(URL root, String prefix) throws IOException {
        var connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false); // a cached JarFile would stay open after we close ours
        List<Migration> found = new ArrayList<>();
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (name.startsWith(prefix) && name.endsWith(".sql") && name.indexOf('/', prefix.length()) < 0) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        found.add(Migration.of(name.substring(prefix.length()), utf8(in.readAllBytes(), name)));
                    }
                }
            }
        }
        return found;
    }

    private static String utf8(byte[] bytes, String file) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("migration " + file + " is not UTF-8 text", e);
        }
    }

    /** {@code found} by version; two with one version, or none at all, throw {@link IllegalArgumentException} naming {@code where}. */
    static List<Migration> sorted(List<Migration> found, String where) {
        Map<Integer, Migration> byVersion = new HashMap<>();
        for (Migration migration : found) {
            Migration other = byVersion.putIfAbsent(migration.version(), migration);
            if (other != null) {
                throw new IllegalArgumentException("two migrations with version " + migration.version() + " in "
                        + where + ": " + other.script() + " and " + migration.script());
            }
        }
        if (byVersion.isEmpty()) {
            throw new IllegalArgumentException("no migration files (V<number>__<description>.sql) in " + where);
        }
        return byVersion.values().stream().sorted(Comparator.comparingInt(Migration::version)).toList();
    }
}
