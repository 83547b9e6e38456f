package dev.weft.metrics;

import dev.weft.http.server.LocalExchange;
import dev.weft.http.server.Response;
import dev.weft.http.server.WebApp;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The metrics middleware's CPU cost per request without sockets: {@code GET /plaintext} answered in
 * process ({@link LocalExchange}: parser, routing, response, no I/O) by the same app without and with
 * {@link WeftMetrics#mountOn}, in interleaved rounds on one thread whose CPU time is counted, which
 * waiting for a core (a busy machine) does not inflate. Not a test: run by {@code bench/overhead.sh}.
 */
public final class OverheadInProcessMain {
    private OverheadInProcessMain() {
    }

    /** {@code args}: rounds (default 9) and requests per round and app (default 1,000,000). */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        WebApp plain = WebApp.create().get("/plaintext", req -> Response.text("Hello, World!"));
        WebApp measured = WebApp.create().get("/plaintext", req -> Response.text("Hello, World!"));
        WeftMetrics.create().mountOn(measured);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        measure(cpu, plain, requests); // warm-up: the JIT compiles both paths before anything counts
        measure(cpu, measured, requests);
        double[] plainNs = new double[rounds];
        double[] addedNs = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            boolean plainFirst = round % 2 == 0;
            double first = measure(cpu, plainFirst ? plain : measured, requests);
            double second = measure(cpu, plainFirst ? measured : plain, requests);
            plainNs[round] = plainFirst ? first : second;
            addedNs[round] = (plainFirst ? second : first) - plainNs[round];
        }
        System.out.printf(Locale.ROOT, "in process, %d rounds x %d requests: plain %.0f ns/req, metrics adds %.0f ns/req"
                + " (medians; rounds: %s)%n", rounds, requests, median(plainNs), median(addedNs),
                Arrays.toString(Arrays.stream(addedNs).mapToLong(Math::round).toArray()));
    }

    private static double measure(ThreadMXBean cpu, WebApp app, int requests) {
        long before = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < requests; i++) {
            var exchange = LocalExchange.run(app, "GET", "/plaintext", List.of(), new byte[0]);
            if (exchange.response().status() != 200) {
                throw new IllegalStateException("/plaintext answered " + exchange.response().status());
            }
        }
        return (double) (cpu.getCurrentThreadCpuTime() - before) / requests;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
