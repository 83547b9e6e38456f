package dev.weft.embeddedpg;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JUnit 5 extension that injects the JVM's {@linkplain EmbeddedPostgres#shared() shared server} and a
 * {@link TestDatabase} of the test class's own into test methods, lifecycle methods and constructors.
 * The server starts on first use and stops at JVM exit; each test class (each {@code @Nested} class
 * too) gets a fresh database, created on first use and dropped when the class is done. Thread-safe,
 * so test classes may run in parallel.
 *
 * {@snippet :
 * @ExtendWith(EmbeddedPostgresExtension.class)
 * class OrdersTest {
 *     @Test
 *     void connects(EmbeddedPostgres server, TestDatabase db) throws Exception {
 *         try (var c = DriverManager.getConnection(db.jdbcUrl(), "scram_user", "scram_pass")) {
 *             // ...
 *         }
 *     }
 * }
 * }
 */
public final class EmbeddedPostgresExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmbeddedPostgresExtension.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** Made by JUnit through {@code @ExtendWith}. */
    public EmbeddedPostgresExtension() {
    }

    /** Resolves parameters of type {@link EmbeddedPostgres} and {@link TestDatabase}. */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == EmbeddedPostgres.class || type == TestDatabase.class;
    }

    /** The shared server, or the test class's database (created on first request). */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        EmbeddedPostgres server = EmbeddedPostgres.shared();
        if (parameter.getParameter().getType() == EmbeddedPostgres.class) {
            return server;
        }
        ExtensionContext classContext = classContext(context);
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(OwnedDatabase.class, key -> OwnedDatabase.create(server, classContext), OwnedDatabase.class)
                .database();
    }

    /** The nearest context that stands for a test class, so that all of a class's methods share its database. */
    private static ExtensionContext classContext(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getElement().filter(Class.class::isInstance).isPresent()) {
                return c;
            }
        }
        return context;
    }

    /** A test database that JUnit closes (drops) when its class's store is closed. */
    private record OwnedDatabase(TestDatabase database) implements AutoCloseable {
        static OwnedDatabase create(EmbeddedPostgres server, ExtensionContext classContext) {
            String name = databaseName(classContext.getRequiredTestClass());
            server.createDatabase(name);
            // tests set up tables as the superuser and use them as the shared users: open the schema to all
            server.execute(name, "GRANT ALL ON SCHEMA public TO PUBLIC; "
                    + "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO PUBLIC; "
                    + "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO PUBLIC; "
                    + "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON FUNCTIONS TO PUBLIC; "
                    + "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TYPES TO PUBLIC");
            return new OwnedDatabase(new TestDatabase(server, name));
        }

        @Override
        public void close() {
            database.server().dropDatabase(database.name());
        }
    }

    /** {@code t_<class name>_<n>}: readable in server logs, unique in this JVM, within 63 bytes. */
    static String databaseName(Class<?> testClass) {
        String simple = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (simple.length() > 40) {
            simple = simple.substring(0, 40);
        }
        return "t_" + simple + "_" + DATABASES.incrementAndGet();
    }
}
