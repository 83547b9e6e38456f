package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code Main} as users run it, in a JVM of its own: a request in flight at SIGTERM (or at a terminal's
 * Ctrl-C, which reaches the whole process group) still gets its 200 from the database, the JVM exits 0
 * and no PostgreSQL is left; bad settings and a taken port end in one line and the documented status.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class MainProcessTest {
    private static final Duration START = Duration.ofSeconds(120);
    private static final Pattern HTTP_PORT = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/ ");
    private static final Pattern PG_PORT = Pattern.compile("PostgreSQL \\S+ is listening on 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void sigtermLetsTheRequestInFlightFinishThenStopsPostgresAndExitsZero() throws Exception {
        shutsDownInOrder("TERM", false);
    }

    @Test
    void ctrlCToTheProcessGroupDoesTheSame() throws Exception {
        shutsDownInOrder("INT", true);
    }

    private void shutsDownInOrder(String signal, boolean wholeGroup) throws Exception {
        try (var demo = ChildJvm.start(Main.class, Map.of("PORT", "0", "WEFT_DEMO_TEST_HOOKS", "1"))) {
            String pgPort = demo.await(PG_PORT, START);
            String port = demo.await(HTTP_PORT, START);
            assertThat(demo.output()).contains("listening on 127.0.0.1 port " + port + " only");
            assertThat(postgresOnPort(pgPort)).as("the check below can see the server").isNotEmpty();
            // The request holds a pooled connection in pg_sleep for 3 s: longer than the signal takes to arrive.
            CompletableFuture<HttpReply> inFlight = CompletableFuture.supplyAsync(
                    () -> HttpReply.of(Peers.curl("http://127.0.0.1:" + port + "/test/sleep?seconds=3")));
            demo.await(Pattern.compile("test hook: holding a connection"), START);

            demo.signal(signal, wholeGroup);

            HttpReply reply = inFlight.get();
            assertThat(reply.status()).as(demo.output()).isEqualTo(200);
            assertThat(reply.body()).startsWith("slept 3.0 s");
            assertThat(demo.awaitExit(START)).as(demo.output()).isZero();
            String log = demo.output();
            assertThat(log).contains("shutting down (SIG" + signal + ")", "closing the database pool",
                    "stopping the embedded PostgreSQL", "shutdown complete");
            assertThat(log.indexOf("closing the database pool")).isLessThan(log.indexOf("stopping the embedded PostgreSQL"));
            assertThat(log).doesNotContain("SEVERE", "Exception");
            assertThat(postgresOnPort(pgPort)).as("postgres processes left").isEmpty();
        }
    }

    @Test
    void badSettingsAndArgumentsExitTwoWithOneLine() throws Exception {
        for (var bad : List.of(Map.entry(Map.of("PORT", "abc"), "PORT must be a number from 0 to 65535, not 'abc'"),
                Map.entry(Map.of("PORT", "70000"), "PORT must be a number"),
                Map.entry(Map.of("HOST", " "), "HOST is empty"))) {
            try (var demo = ChildJvm.start(Main.class, bad.getKey())) {
                assertThat(demo.awaitExit(START)).isEqualTo(2);
                assertThat(demo.output().lines().toList()).singleElement(STRING)
                        .startsWith("err: weft demo: " + bad.getValue());
            }
        }
        try (var demo = ChildJvm.start(Main.class, Map.of(), "--port", "80")) {
            assertThat(demo.awaitExit(START)).isEqualTo(2);
            assertThat(demo.output()).isEqualTo("err: weft demo: unexpected argument '--port': the demo takes none, it reads"
                    + " its environment (./weft run --help lists the settings)");
        }
    }

    @Test
    void aTakenPortExitsOneWithOneLine(TestDatabase database) throws Exception {
        database.execute("GRANT CREATE ON DATABASE " + database.name() + " TO scram_user");
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var demo = ChildJvm.start(Main.class, Map.of("PORT", Integer.toString(taken.getLocalPort()),
                     "DATABASE_URL", database.uri("scram_user", "scram_pass")))) {
            assertThat(demo.awaitExit(START)).isEqualTo(1);
            List<String> errors = demo.output().lines().filter(l -> l.startsWith("err: weft demo")).toList();
            assertThat(errors).singleElement(STRING)
                    .contains("cannot start: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("Address already in use")
                    .endsWith("set PORT to another one, or 0 for any free port)");
            assertThat(demo.output()).doesNotContain("\tat ", "SEVERE");
        }
    }

    /** postgres processes started with {@code -p port}, as the embedded server starts its postmaster. */
    private static List<ProcessHandle> postgresOnPort(String port) throws IOException {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains("-p " + port)).orElse(false))
                .toList();
    }
}
