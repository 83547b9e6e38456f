package dev.weft.bench.http;

import java.util.concurrent.CountDownLatch;

/**
 * Command-line entry of the HTTP server benchmark: starts one {@link HelloServer} and serves until the
 * process is killed. {@code http-bench.sh} runs it pinned to one core with {@code taskset}.
 *
 * {@snippet lang=sh :
 * taskset -c 0 java -cp "$CP" dev.weft.bench.http.HelloServerMain weft 8080
 * }
 */
public final class HelloServerMain {
    private HelloServerMain() {
    }

    /**
     * Starts the server named by {@code args[0]} ({@code weft}, {@code weft-api}, {@code vertx} or {@code jdk}) on
     * {@code 127.0.0.1:args[1]}, prints {@code LISTENING <port>} and blocks until the process ends.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: HelloServerMain weft|weft-api|vertx|jdk PORT");
        }
        var server = HelloServer.start(HelloServer.Kind.parse(args[0]), "127.0.0.1", Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("LISTENING " + server.port());
        new CountDownLatch(1).await();
    }
}
