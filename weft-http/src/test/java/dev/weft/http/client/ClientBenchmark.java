package dev.weft.http.client;

import dev.weft.core.Concurrent;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * A first measurement, not a test: N GETs with C in flight (virtual threads), Weft's client against
 * the JDK's {@code java.net.http.HttpClient}, in the same run, alternating, against one URL (nginx, or
 * an in-process Weft server when no URL is given). Prints requests per second and the client
 * process's CPU time per request (meaningful only with an out-of-process server).
 *
 * <pre>java -cp ... dev.weft.http.client.ClientBenchmark [url] [requests] [concurrency] [rounds]</pre>
 */
public final class ClientBenchmark {
    private ClientBenchmark() {
    }

    /** Runs the measurement; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        HttpServer server = null;
        String url;
        if (args.length > 0 && !args[0].equals("-")) {
            url = args[0];
        } else {
            server = HttpServer.start(WebApp.create().get("/", req -> Response.text("Hello, World!")),
                    ServerConfig.builder().host("127.0.0.1").port(0).build());
            url = "http://127.0.0.1:" + server.port() + "/";
        }
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        List<Integer> items = IntStream.range(0, requests).boxed().toList();
        try (var weft = HttpClient.builder().maxConnections(concurrency).leakStackTraces(false).build();
             var jdk = java.net.http.HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor())
                     .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpRequest jdkRequest = HttpRequest.newBuilder(URI.create(url)).GET().build();
            Fetch weftFetch = () -> {
                Concurrent.map(items, concurrency, i -> {
                    try (ClientResponse response = weft.get(url)) {
                        return response.bytes().length;
                    }
                });
            };
            Fetch jdkFetch = () -> {
                Concurrent.map(items, concurrency, i -> jdk.send(jdkRequest, HttpResponse.BodyHandlers.ofByteArray()).body().length);
            };
            System.out.printf("%d GETs, %d in flight, %s%n", requests, concurrency, url);
            measure("warm-up weft", weftFetch, requests);
            measure("warm-up jdk ", jdkFetch, requests);
            for (int round = 1; round <= rounds; round++) {
                measure("weft round " + round, weftFetch, requests);
                measure("jdk  round " + round, jdkFetch, requests);
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private interface Fetch {
        void run() throws Exception;
    }

    private static void measure(String name, Fetch fetch, int requests) throws Exception {
        long cpu = cpuNanos();
        long start = System.nanoTime();
        fetch.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMicros = (cpuNanos() - cpu) / 1e3 / requests;
        System.out.printf("%s: %8.0f req/s, %6.1f us CPU per request%n", name, requests / seconds, cpuMicros);
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
