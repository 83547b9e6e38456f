package dev.weft.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.pg.pool.ConnectionFunction;
import dev.weft.pg.pool.ConnectionHook;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Executable;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The driver's public face, as {@code module-info} and the compiled classes give it: exactly the API
 * packages are exported; no public or protected member of an exported type names a type users cannot
 * reach (a method nobody outside the module could call); the calls users make throw no checked
 * exceptions; no method overloads {@code Object.notify} or {@code wait}; and every exception the module
 * exports is a {@link PgException}, the one type a user catches.
 */
class ExportedSurfaceTest {
    private static final Path CLASSES = Path.of("target/classes");
    private static final Module MODULE = PgException.class.getModule();
    /** Interfaces users implement with their own code, which may throw what it likes (as core's CheckedRunnable). */
    private static final Set<Class<?>> USER_CALLBACKS = Set.of(
            TransactionBody.class, TransactionFunction.class, ConnectionFunction.class, ConnectionHook.class);

    @Test
    void exactlyTheApiPackagesAreExported() {
        assertThat(exports()).containsExactlyInAnyOrder(
                "dev.weft.pg", "dev.weft.pg.codec", "dev.weft.pg.error", "dev.weft.pg.migrate", "dev.weft.pg.pool",
                "dev.weft.pg.types");
        assertThat(MODULE.getDescriptor().packages())
                .as("the built-in codecs, the protocol and the connection stay inside")
                .contains("dev.weft.pg.codec.builtin", "dev.weft.pg.protocol", "dev.weft.pg.connection");
    }

    @Test
    void noExportedSignatureNamesAnUnexportedType() throws Exception {
        List<String> leaks = new ArrayList<>();
        List<Class<?>> api = apiTypes();
        for (Class<?> type : api) {
            List<Type> named = new ArrayList<>();
            named.add(type.getGenericSuperclass());
            named.addAll(List.of(type.getGenericInterfaces()));
            Stream.of(type.getDeclaredFields()).filter(ExportedSurfaceTest::isApi).forEach(f -> named.add(f.getGenericType()));
            for (Executable member : apiMembers(type)) {
                if (member instanceof Method method) {
                    named.add(method.getGenericReturnType());
                }
                named.addAll(List.of(member.getGenericParameterTypes()));
                named.addAll(List.of(member.getGenericExceptionTypes()));
            }
            for (Type t : named) {
                hiddenIn(t).forEach(hidden -> leaks.add(type.getName() + " names " + hidden.getName()));
            }
        }
        assertThat(api.size()).as("exported types found").isGreaterThan(250);
        assertThat(leaks).isEmpty();
    }

    @Test
    void callsUsersMakeThrowNoCheckedExceptions() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Class<?> type : apiTypes()) {
            if (USER_CALLBACKS.contains(type)) {
                continue;
            }
            for (Executable member : apiMembers(type)) {
                for (Class<?> thrown : member.getExceptionTypes()) {
                    if (!RuntimeException.class.isAssignableFrom(thrown) && !Error.class.isAssignableFrom(thrown)) {
                        checked.add(type.getSimpleName() + "." + member.getName() + " throws " + thrown.getName());
                    }
                }
            }
        }
        assertThat(checked).isEmpty();
    }

    @Test
    void noExportedMethodIsNamedLikeObjectsFinalMethods() throws Exception {
        Set<String> objects = Stream.of(Object.class.getMethods()).filter(m -> Modifier.isFinal(m.getModifiers()))
                .map(Method::getName).collect(Collectors.toSet());
        List<String> clashes = new ArrayList<>();
        for (Class<?> type : apiTypes()) {
            for (Executable member : apiMembers(type)) {
                if (member instanceof Method && objects.contains(member.getName())) {
                    clashes.add(type.getSimpleName() + "." + member.getName());
                }
            }
        }
        assertThat(objects).contains("notify", "wait");
        assertThat(clashes).as("an overload of notify or wait reads like a monitor call").isEmpty();
    }

    @Test
    void everyExportedExceptionIsAPgException() throws Exception {
        List<Class<?>> exceptions = apiTypes().stream().filter(Throwable.class::isAssignableFrom).toList();
        assertThat(exceptions).as("the SQLSTATE classes, decode, protocol and pool errors").hasSizeGreaterThan(200);
        assertThat(exceptions).allMatch(PgException.class::isAssignableFrom);
    }

    private static Set<String> exports() {
        assertThat(MODULE.isNamed()).as("tests run inside the named module").isTrue();
        return MODULE.getDescriptor().exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    }

    /** Every class of the module that code outside it can name. */
    private static List<Class<?>> apiTypes() throws IOException, ClassNotFoundException {
        Set<String> exported = exports();
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (!name.endsWith("module-info") && !name.endsWith("package-info")) {
                    Class<?> type = Class.forName(name, false, PgException.class.getClassLoader());
                    if (reachable(type, exported)) {
                        types.add(type);
                    }
                }
            }
        }
        return types;
    }

    private static List<Executable> apiMembers(Class<?> type) {
        return Stream.concat(Stream.of(type.getDeclaredConstructors()), Stream.of(type.getDeclaredMethods()))
                .filter(member -> !member.isSynthetic() && isApi(member))
                .toList();
    }

    private static boolean isApi(Member member) {
        return Modifier.isPublic(member.getModifiers()) || Modifier.isProtected(member.getModifiers());
    }

    /** Public all the way out, in an exported package. */
    private static boolean reachable(Class<?> type, Set<String> exported) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers()) && !Modifier.isProtected(c.getModifiers())) {
                return false;
            }
        }
        return exported.contains(type.getPackageName());
    }

    /** The module's own classes that {@code type} names and users cannot reach. */
    private static Stream<Class<?>> hiddenIn(Type type) {
        return hiddenIn(type, new HashSet<>());
    }

    /** {@code seen} holds the type variables already followed: a bound may name its own variable ({@code T extends Comparable<T>}). */
    private static Stream<Class<?>> hiddenIn(Type type, Set<Type> seen) {
        return switch (type) {
            case null -> Stream.empty();
            case Class<?> c when c.isArray() -> hiddenIn(c.getComponentType(), seen);
            case Class<?> c -> c.getModule() == MODULE && !reachable(c, exports()) ? Stream.of(c) : Stream.empty();
            case ParameterizedType p -> Stream.concat(Stream.of(p.getRawType()), Stream.of(p.getActualTypeArguments()))
                    .flatMap(t -> hiddenIn(t, seen));
            case WildcardType w -> Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds()))
                    .flatMap(t -> hiddenIn(t, seen));
            case GenericArrayType g -> hiddenIn(g.getGenericComponentType(), seen);
            case TypeVariable<?> v -> seen.add(v) ? Stream.of(v.getBounds()).flatMap(t -> hiddenIn(t, seen)) : Stream.empty();
            default -> Stream.empty();
        };
    }
}
