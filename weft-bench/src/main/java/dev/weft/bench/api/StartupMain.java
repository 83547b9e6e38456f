package dev.weft.bench.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.weft.api.Api;
import dev.weft.api.Body;
import dev.weft.api.Default;
import dev.weft.api.Get;
import dev.weft.api.Path;
import dev.weft.api.Post;
import dev.weft.api.Query;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;
import jakarta.validation.Validation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Start to first response of a small weft-api app, in a fresh JVM: from the first line of
 * {@code main()} until the status line of the first {@code GET /users/1} (read over a socket by this
 * process) says 200, then the first validated {@code POST /users}. Prints one line of milliseconds per
 * phase, and the process's CPU time (all threads, from the JVM's start) at the first 200;
 * {@code startup-bench.sh} runs it in fresh JVMs and reports medians. With {@code --phases} it first
 * builds a Jackson mapper and a Hibernate Validator factory on their own, so that their share of the
 * start-up shows apart from weft-api's.
 *
 * {@snippet lang=sh :
 * java -cp "$CP" dev.weft.bench.api.StartupMain            # STARTUP build=.. listen=.. first-get=.. ...
 * java -cp "$CP" dev.weft.bench.api.StartupMain --phases   # also jackson=.. validator=..
 * }
 */
public final class StartupMain {
    private StartupMain() {
    }

    /** The body of {@code POST /users}. */
    public record NewUser(@NotBlank @Size(max = 100) String name, @Min(0) @Max(150) int age) {
    }

    /** A stored user. */
    public record User(long id, String name, int age) {
    }

    /** The users API; public because the harness runs on the class path, where nothing opens its package. */
    public static final class Users {
        private final AtomicLong ids = new AtomicLong(1);
        private final Map<Long, User> users = new ConcurrentHashMap<>(Map.of(1L, new User(1, "Ada", 36)));

        @Get(value = "/users/{id}", tags = "users")
        public Optional<User> get(@Path("id") long id) {
            return Optional.ofNullable(users.get(id));
        }

        @Get(value = "/users", tags = "users")
        public List<User> list(@Query("limit") @Default("10") @Max(100) int limit) {
            return users.values().stream().limit(limit).toList();
        }

        @Post(value = "/users", status = 201, tags = "users")
        public User create(@Body NewUser user) {
            var created = new User(ids.incrementAndGet(), user.name(), user.age());
            users.put(created.id(), created);
            return created;
        }
    }

    /** Runs once and prints {@code STARTUP name=ms ...}; {@code --phases} adds the libraries' own start. */
    public static void main(String[] args) throws JsonProcessingException {
        long start = System.nanoTime();
        var phases = new ArrayList<String>();
        if (List.of(args).contains("--phases")) {
            JsonMapper.builder().addModule(new Jdk8Module()).addModule(new JavaTimeModule()).build()
                    .writeValueAsString(new User(1, "Ada", 36));
            phases.add(lap("jackson", start));
            try (var factory = Validation.byProvider(HibernateValidator.class).configure()
                    .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory()) {
                factory.getValidator().validate(new NewUser("Ada", 36));
            }
            phases.add(lap("validator", start));
        }
        var app = WebApp.create().get("/health", req -> Response.text("ok"));
        Api.builder().title("Users").version("1.0").controller(new Users()).mountOn(app);
        phases.add(lap("build", start));
        try (var server = HttpServer.start(app, ServerConfig.builder().host("127.0.0.1").port(0).build())) {
            phases.add(lap("listen", start));
            expect(200, exchange(server.port(), "GET /users/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
            phases.add(lap("first-get", start));
            // CPU since the JVM started, which on a busy machine leaves out the waits for a core that the
            // wall times above include: of every thread, and of the threads that run the app's own code
            // (JIT compilers and GC left out), whose sum is what the start costs with a core to itself.
            phases.add("cpu-at-first-get=" + ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis());
            phases.add("app-cpu-at-first-get=" + appThreadsCpuMillis());
            String body = "{\"name\":\"Grace\",\"age\":45}";
            expect(201, exchange(server.port(), "POST /users HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body));
            phases.add(lap("first-post", start));
        }
        // The JVM's own start up to main(), from the start time the JVM records as it initialises (ms).
        long jvmMillis = ManagementFactory.getRuntimeMXBean().getUptime()
                - Duration.ofNanos(System.nanoTime() - start).toMillis();
        System.out.println("STARTUP " + String.join(" ", phases) + " jvm-before-main=" + jvmMillis);
    }

    /** CPU (user + system, in 10 ms ticks) of this process's threads but the JIT compilers and GC, from /proc. */
    private static long appThreadsCpuMillis() {
        try (var tasks = Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            long ticks = 0;
            for (var task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (NoSuchFileException ended) {
                    continue; // a thread that ended since the listing: its CPU is in nobody's count, as with ps
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.contains("Compiler") || name.startsWith("G1 ") || name.startsWith("GC ")) {
                    continue;
                }
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15
            }
            return ticks * 10;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/task", e);
        }
    }

    private static String lap(String name, long start) {
        return name + "=" + Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private static void expect(int status, String statusLine) {
        if (!statusLine.startsWith("HTTP/1.1 " + status + " ")) {
            throw new IllegalStateException("expected " + status + ", got: " + statusLine);
        }
    }

    /** Sends {@code request} on a new connection and returns the response's status line. */
    private static String exchange(int port, String request) {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return statusLine(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("request to 127.0.0.1:" + port + " failed", e);
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        var line = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\r' && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString();
    }
}
