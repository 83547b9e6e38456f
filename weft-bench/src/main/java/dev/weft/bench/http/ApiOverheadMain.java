package dev.weft.bench.http;

import dev.weft.http.server.LocalExchange;
import dev.weft.http.server.WebApp;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * weft-api's cost per request without sockets: {@code GET /plaintext} and {@code GET /json} answered in
 * process ({@link LocalExchange}: the server's parser, request type, routing and response, no I/O) by the
 * hand-written handlers of {@link WeftHello} and the controller of {@link ApiHello}, in interleaved rounds
 * on one thread. It counts that thread's CPU time, which waiting for a core does not inflate, so it reads
 * the difference more steadily than {@code api-bench.sh} on a busy machine; with no socket work in the
 * denominator, its ratio is an upper bound of the ratio over sockets.
 *
 * {@snippet lang=sh :
 * java -cp "$CP" dev.weft.bench.http.ApiOverheadMain 9 2000000   # rounds, requests per round and app
 * }
 */
public final class ApiOverheadMain {
    private static final List<String> PATHS = List.of("/plaintext", "/json");

    private ApiOverheadMain() {
    }

    /** {@code args}: rounds (default 9) and requests per round and app (default 2,000,000); prints a Markdown table. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        if (rounds <= 0 || requests <= 0) {
            throw new IllegalArgumentException("rounds and requests must be > 0: " + rounds + ", " + requests);
        }
        WebApp hand = WeftHello.app();
        WebApp api = ApiHello.app();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        System.out.println("| workload | hand-written ns/req | weft-api ns/req | added ns/req (median of rounds) | ratio (median of rounds) | per-round ratios |");
        System.out.println("|---|---|---|---|---|---|");
        for (String path : PATHS) {
            measure(cpu, hand, path, requests); // warm-up: the JIT compiles both paths before anything counts
            measure(cpu, api, path, requests);
            var handNs = new ArrayList<Double>();
            var apiNs = new ArrayList<Double>();
            var ratios = new ArrayList<Double>();
            var added = new ArrayList<Double>();
            for (int round = 0; round < rounds; round++) {
                boolean handFirst = round % 2 == 0;
                double first = measure(cpu, handFirst ? hand : api, path, requests);
                double second = measure(cpu, handFirst ? api : hand, path, requests);
                double h = handFirst ? first : second;
                double a = handFirst ? second : first;
                handNs.add(h);
                apiNs.add(a);
                ratios.add(a / h);
                added.add(a - h);
            }
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.2f | %s |%n", path, median(handNs), median(apiNs),
                    median(added), median(ratios),
                    String.join(" ", ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList()));
        }
    }

    /** CPU nanoseconds of this thread per request over {@code requests} GETs of {@code path}. */
    private static double measure(ThreadMXBean cpu, WebApp app, String path, int requests) {
        long before = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < requests; i++) {
            var exchange = LocalExchange.run(app, "GET", path, List.of(), new byte[0]);
            if (exchange.response().status() != 200) {
                throw new IllegalStateException(path + " answered " + exchange.response().status());
            }
        }
        return (double) (cpu.getCurrentThreadCpuTime() - before) / requests;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
