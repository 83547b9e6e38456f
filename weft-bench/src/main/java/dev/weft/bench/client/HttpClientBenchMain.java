package dev.weft.bench.client;

import dev.weft.bench.Result;
import dev.weft.core.TaskGroup;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Command-line entry of the HTTP client benchmark: {@code total} GETs of one URL with
 * {@code concurrency} in flight (one virtual thread each), after a warm-up batch, printing a
 * {@link Result} line with requests per second and this process's CPU time per request.
 *
 * {@snippet lang=sh :
 * taskset -c 1 java -cp "$CP" dev.weft.bench.client.HttpClientBenchMain weft http://127.0.0.1:28081/plaintext 20000 64 20000
 * }
 */
public final class HttpClientBenchMain {
    private HttpClientBenchMain() {
    }

    /** {@code weft|jdk URL TOTAL CONCURRENCY WARMUP_TOTAL}. */
    public static void main(String[] args) {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: HttpClientBenchMain weft|jdk URL TOTAL CONCURRENCY WARMUP_TOTAL");
        }
        var kind = GetClient.Kind.parse(args[0]);
        String url = args[1];
        int total = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        if (total <= 0 || concurrency <= 0 || warmup < 0) {
            throw new IllegalArgumentException("total, concurrency must be > 0 and warm-up >= 0: "
                    + total + ", " + concurrency + ", " + warmup);
        }
        try (var client = GetClient.create(kind, concurrency)) {
            fetch(client, url, warmup, concurrency);
            long cpu0 = Result.processCpuNanos();
            long t0 = System.nanoTime();
            fetch(client, url, total, concurrency);
            System.out.println(new Result(kind.name().toLowerCase(Locale.ROOT) + "-client", total,
                    System.nanoTime() - t0, Result.processCpuNanos() - cpu0).line());
        }
    }

    /** Sends {@code count} GETs from {@code concurrency} virtual threads that take the next number until none is left. */
    private static void fetch(GetClient client, String url, int count, int concurrency) {
        var next = new AtomicInteger();
        try (var group = TaskGroup.open()) {
            for (int i = 0; i < concurrency; i++) {
                group.spawn(() -> {
                    while (next.getAndIncrement() < count) {
                        client.get(url);
                    }
                });
            }
            group.join();
        }
    }
}
