package dev.weft.examples.ops;

import dev.weft.http.server.ServerConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How the demo was asked to run, from its environment: {@code HOST} (default {@code 127.0.0.1}, so
 * nothing outside this machine reaches it unless asked), {@code PORT} (default 8080, 0 picks a free
 * one), {@code DATABASE_URL} (default: an embedded PostgreSQL), {@code SHUTDOWN_GRACE_SECONDS} (how long
 * requests in flight may finish at shutdown, default 10), {@code TRUSTED_PROXIES} (the reverse proxies
 * whose {@code X-Forwarded-*} headers name the client, default none) and {@value TestHooks#ENABLE}. The demo takes
 * no arguments (Main answers {@code --help} before asking this class). Immutable.
 *
 * {@snippet :
 * DemoOptions options = DemoOptions.parse(List.of(args), System.getenv());   // UsageError on bad input
 * }
 *
 * @param host          the address to listen on
 * @param port          the TCP port
 * @param databaseUrl   the server to use, or null for an embedded one
 * @param shutdownGrace how long requests in flight may run once shutdown begins
 * @param testHooks     whether the {@link TestHooks} routes are mounted
 * @param trustedProxies addresses or CIDR blocks of the proxies in front ({@link ServerConfig.Builder#trustedProxies})
 */
public record DemoOptions(String host, int port, String databaseUrl, Duration shutdownGrace, boolean testHooks,
                          List<String> trustedProxies) {
    /** What {@code --help} and every usage error print. */
    public static final String USAGE = """
            usage: ./weft run   (the demo takes no arguments; it reads its environment)
              HOST=ADDRESS                 address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
              PORT=N                       TCP port, 0 to 65535 (default 8080; 0 picks a free one)
              DATABASE_URL=postgresql://…  your own PostgreSQL (default: an embedded one, started and removed with the demo)
              SHUTDOWN_GRACE_SECONDS=N     how long requests in flight may finish at shutdown (default 10)
              TRUSTED_PROXIES=CIDR,…       reverse proxies whose X-Forwarded-* headers are believed (default none)
            exit status: 0 stopped by SIGTERM or Ctrl-C, 1 could not start or failed, 2 bad usage""";

    /** A usage error: the one line to print, before {@link #USAGE}; the demo exits 2. */
    public static final class UsageError extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    /** Reads {@code args} and {@code env}; throws {@link UsageError} naming the bad value. */
    public static DemoOptions parse(List<String> args, Map<String, String> env) {
        if (!args.isEmpty()) {
            throw new UsageError("unexpected argument '" + args.getFirst() + "': the demo takes none, it reads its"
                    + " environment");
        }
        String host = env.getOrDefault("HOST", "127.0.0.1").strip();
        if (host.isEmpty()) {
            throw new UsageError("HOST is empty (use 127.0.0.1, or 0.0.0.0 for every interface)");
        }
        int port = number(env, "PORT", 8080, 65_535);
        int grace = number(env, "SHUTDOWN_GRACE_SECONDS", 10, 3_600);
        String url = env.get("DATABASE_URL");
        return new DemoOptions(host, port, url == null || url.isBlank() ? null : url.strip(), Duration.ofSeconds(grace),
                "1".equals(env.get(TestHooks.ENABLE)), trustedProxies(env.getOrDefault("TRUSTED_PROXIES", "")));
    }

    /** The comma-separated blocks, each checked as the server will check it. */
    private static List<String> trustedProxies(String text) {
        List<String> blocks = Arrays.stream(text.split(",")).map(String::strip).filter(b -> !b.isEmpty()).toList();
        try {
            ServerConfig.builder().trustedProxies(blocks).build();
        } catch (IllegalArgumentException e) {
            throw new UsageError("TRUSTED_PROXIES: " + e.getMessage());
        }
        return blocks;
    }

    private static int number(Map<String, String> env, String name, int fallback, int max) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new UsageError(name + " must be a number from 0 to " + max + ", not '" + text + "'");
    }
}
