package dev.weft.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The threads alive in this JVM, virtual ones included, from the JDK's JSON thread dump (which lists
 * every thread, where {@link Thread#getAllStackTraces()} sees platform threads only). The leak check
 * of the owners of background work: a server, a client, a WebSocket.
 */
public final class LiveThreads {
    private final Map<Long, String> byId;

    private LiveThreads(Map<Long, String> byId) {
        this.byId = byId;
    }

    /** The threads alive now. */
    public static LiveThreads now() {
        try {
            Path dir = Files.createTempDirectory("weft-threads");
            Path file = dir.resolve("threads.json");
            try {
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
                JsonNode dump = new ObjectMapper().readTree(file.toFile());
                Map<Long, String> threads = new HashMap<>();
                for (JsonNode container : dump.path("threadDump").path("threadContainers")) {
                    for (JsonNode thread : container.path("threads")) {
                        threads.put(thread.path("tid").asLong(), thread.path("name").asText());
                    }
                }
                return new LiveThreads(threads);
            } finally {
                Files.deleteIfExists(file);
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the threads alive now that were not in {@code before} and whose name starts with a prefix. */
    public Set<String> startedSince(LiveThreads before, String... prefixes) {
        return byId.entrySet().stream()
                .filter(e -> !before.byId.containsKey(e.getKey()))
                .map(Map.Entry::getValue)
                .filter(name -> Set.of(prefixes).stream().anyMatch(name::startsWith))
                .collect(Collectors.toSet());
    }

    /** How many threads alive now have a name starting with {@code prefix}. */
    public long count(String prefix) {
        return byId.values().stream().filter(name -> name.startsWith(prefix)).count();
    }
}
