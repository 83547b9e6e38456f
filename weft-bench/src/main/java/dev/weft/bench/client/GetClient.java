package dev.weft.bench.client;

import java.util.Locale;

/**
 * One HTTP client library under load: it sends a GET and reads the whole body. Shared by all the
 * benchmark's virtual threads at once, so implementations are thread-safe.
 */
interface GetClient extends AutoCloseable {

    /** The clients this harness knows. */
    enum Kind {
        /** Weft's {@code dev.weft.http.client.HttpClient}. */
        WEFT,
        /** The JDK's {@code java.net.http.HttpClient}, HTTP/1.1, blocking {@code send} on virtual threads. */
        JDK;

        /** Parses {@code weft} or {@code jdk}, case-insensitive. */
        static Kind parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown client '" + name + "', expected weft or jdk", e);
            }
        }
    }

    /** Creates a client of {@code kind} allowed {@code connections} connections to the one host. */
    static GetClient create(Kind kind, int connections) {
        return switch (kind) {
            case WEFT -> new WeftGetClient(connections);
            case JDK -> new JdkGetClient();
        };
    }

    /** GETs {@code url}, reads the whole body and returns its length; a status other than 200 throws. */
    int get(String url);

    @Override
    void close();
}
