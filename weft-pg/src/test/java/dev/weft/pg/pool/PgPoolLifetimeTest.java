package dev.weft.pg.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Channel;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every thread a pool starts (maintenance, connection opening, the LISTEN watcher, notification delivery)
 * ends before {@code close()} or {@code terminate()} returns, even a handler blocked when the pool closes;
 * the counters and the server's sessions are back where they were before the pool opened. Threads are
 * seen two ways: the ones the pool's own callbacks ran on, held and asked {@code isAlive()}, and every
 * thread of the JVM, virtual ones included, named in a {@code jcmd Thread.dump_to_file} dump.
 */
class PgPoolLifetimeTest extends PoolTest {
    private static final Pattern THREAD_NAME = Pattern.compile("\"name\": *\"([^\"]*)\"");
    private static final List<String> POOL_THREAD_PREFIXES = List.of("weft-pg-pool-", "weft-pg-listen-");

    PgPoolLifetimeTest(TestDatabase db) {
        super(db);
    }

    @ParameterizedTest
    @ValueSource(strings = {"close", "terminate"})
    void noThreadThePoolStartedOutlivesIt(String ending) throws Exception {
        String app = "lifetime_" + ending;
        assertThat(Pools.backends(db, app)).as("baseline").isZero();
        Set<Thread> poolThreads = ConcurrentHashMap.newKeySet();
        Consumer<PgPoolConfig.Builder> configure = cfg -> cfg.minSize(1).maxSize(3)
                .maintenanceInterval(Duration.ofMillis(20))
                .connect(options -> {
                    poolThreads.add(Thread.currentThread()); // the calling thread, then opening tasks
                    return PgConnection.connect(options);
                });
        PgPool pool = Pools.open(db, app, configure);

        var handled = new CountDownLatch(2);
        Channel<String> never = Channel.create(1);
        pool.listen("lifetime", note -> {
            poolThreads.add(Thread.currentThread());
            handled.countDown();
            never.receive(); // blocked until the pool's close cancels this delivery
        });
        pool.listen("lifetime", note -> {
            poolThreads.add(Thread.currentThread());
            handled.countDown();
        });
        holdThreeConnectionsAtOnce(pool);
        pool.sendNotification("lifetime", "x");
        assertThat(handled.await(10, TimeUnit.SECONDS)).as("both handlers ran").isTrue();

        assertThat(poolThreadsAlive()).as("the dump sees the pool's threads while it runs")
                .anyMatch(name -> name.startsWith("weft-pg-pool-maintenance"))
                .anyMatch(name -> name.startsWith("weft-pg-listen-watcher"))
                .anyMatch(name -> name.equals("weft-pg-listen-lifetime"));
        assertThat(poolThreads).extracting(Thread::getName).contains("weft-pg-pool-open", "weft-pg-listen-lifetime");

        if (ending.equals("close")) {
            pool.close();
        } else {
            pool.terminate();
        }

        assertThat(poolThreads.stream().filter(t -> t.getName().startsWith("weft-pg-")).filter(Thread::isAlive))
                .as("threads the pool's callbacks ran on").isEmpty();
        assertThat(poolThreadsAlive()).as("threads of the pool in a dump of the JVM").isEmpty();
        assertThat(pool.statistics()).extracting(PoolStatistics::size, PoolStatistics::idle, PoolStatistics::inUse,
                PoolStatistics::waiting).containsExactly(0, 0, 0, 0);
        assertThat(Pools.eventually(Duration.ofSeconds(10), () -> Pools.backends(db, app) == 0))
                .as("sessions of the pool in pg_stat_activity").isTrue();
    }

    /** Three callers hold a connection at the same moment, so the pool opens two beyond its minimum. */
    private static void holdThreeConnectionsAtOnce(PgPool pool) throws InterruptedException {
        var allIn = new CountDownLatch(3);
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            callers.add(Thread.ofVirtual().start(() -> pool.withConnection(c -> {
                allIn.countDown();
                assertThat(allIn.await(10, TimeUnit.SECONDS)).isTrue();
                return c.queryValue(Integer.class, "SELECT 1");
            })));
        }
        for (Thread caller : callers) {
            assertThat(caller.join(Duration.ofSeconds(20))).isTrue();
        }
        assertThat(pool.statistics().created()).isEqualTo(3);
    }

    /** The names of the live threads of this JVM that the pool names its own, from a {@code jcmd} thread dump. */
    private static Set<String> poolThreadsAlive() throws IOException, InterruptedException {
        Path dump = Files.createTempFile("weft-pg-threads", ".json");
        Files.delete(dump); // jcmd refuses to overwrite
        try {
            Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(ProcessHandle.current().pid()),
                    "Thread.dump_to_file", "-format=json", dump.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("jcmd: " + output).isZero();
            Matcher names = THREAD_NAME.matcher(Files.readString(dump));
            return names.results().map(m -> m.group(1))
                    .filter(name -> POOL_THREAD_PREFIXES.stream().anyMatch(name::startsWith))
                    .collect(Collectors.toSet());
        } finally {
            Files.deleteIfExists(dump);
        }
    }
}
