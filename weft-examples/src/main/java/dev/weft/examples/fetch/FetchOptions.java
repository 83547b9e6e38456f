package dev.weft.examples.fetch;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the fetcher was asked to do: the URLs, how many requests may be in flight, the timeout of one
 * attempt and how many attempts a URL gets.
 *
 * {@snippet :
 * FetchOptions options = FetchOptions.parse(List.of("-c", "32", "--file", "urls.txt"));
 * }
 */
public record FetchOptions(List<URI> urls, int concurrency, Duration timeout, int attempts) {
    static final String USAGE = """
            usage: fetch [-c CONCURRENCY] [-t TIMEOUT_SECONDS] [-r RETRIES] [--file FILE] [URL ...]
              -c, --concurrency  requests in flight at once (default 16)
              -t, --timeout      seconds one attempt may take (default 10)
              -r, --retries      extra attempts after a failure that may pass (default 2)
              --file FILE        read URLs from FILE, one a line ('#' starts a comment)""";

    public FetchOptions {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no URLs given\n" + USAGE);
        }
        if (concurrency <= 0) {
            throw new IllegalArgumentException("concurrency <= 0: " + concurrency);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout <= 0: " + timeout);
        }
        if (attempts <= 0) {
            throw new IllegalArgumentException("attempts <= 0: " + attempts);
        }
    }

    /** Reads the command line; throws {@link IllegalArgumentException} with the usage on bad input. */
    public static FetchOptions parse(List<String> args) {
        List<URI> urls = new ArrayList<>();
        int concurrency = 16;
        long timeoutSeconds = 10;
        int retries = 2;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "-c", "--concurrency" -> concurrency = number(value(args, ++i, arg), arg);
                case "-t", "--timeout" -> timeoutSeconds = number(value(args, ++i, arg), arg);
                case "-r", "--retries" -> retries = number(value(args, ++i, arg), arg);
                case "--file" -> readUrls(Path.of(value(args, ++i, arg)), urls);
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
                    }
                    urls.add(url(arg));
                }
            }
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries < 0: " + retries);
        }
        return new FetchOptions(urls, concurrency, Duration.ofSeconds(timeoutSeconds), retries + 1);
    }

    private static String value(List<String> args, int at, String option) {
        if (at >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args.get(at);
    }

    private static int number(String text, String option) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, not '" + text + "'\n" + USAGE);
        }
    }

    private static void readUrls(Path file, List<URI> into) {
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    into.add(url(trimmed));
                }
            }
        } catch (IOException e) {
            // A file that is not there is the user's mistake like any other bad option: usage error, exit 2.
            throw new IllegalArgumentException("cannot read URLs from " + file + ": "
                    + (e instanceof NoSuchFileException ? "no such file" : e.toString()), e);
        }
    }

    private static URI url(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + text + " (" + e.getReason() + ")", e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("not an http(s) URL: " + text);
        }
        return uri;
    }
}
