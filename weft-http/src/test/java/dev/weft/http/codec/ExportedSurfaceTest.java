package dev.weft.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.WeftHttpException;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module's public face: {@code module-info} exports the exception root's package and the server,
 * WebSocket and client packages only; no public or protected member of an exported type mentions a type
 * users cannot reach (the engine's, the codec's, or a package-private one), which would be a method
 * nobody outside the module can call; no method a user calls declares a checked exception; and every
 * exported exception extends the one root, {@link WeftHttpException}.
 */
class ExportedSurfaceTest {
    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void onlyTheApiPackagesAreExported() {
        Set<String> exported = exports();
        assertThat(exported).containsExactlyInAnyOrder(
                "dev.weft.http", "dev.weft.http.server", "dev.weft.http.websocket", "dev.weft.http.client");
    }

    /**
     * Callbacks a user writes ({@code Handler}, {@code Middleware}, {@code EventSource}...) may throw
     * anything, as {@link java.util.concurrent.Callable} does: the framework catches it. Everything a
     * user calls throws unchecked exceptions only.
     */
    @Test
    void noMethodAUserCallsDeclaresACheckedException() throws Exception {
        Set<String> exported = exports();
        List<String> checkedThrows = new ArrayList<>();
        for (Class<?> type : classes()) {
            if (!reachable(type, exported)) {
                continue;
            }
            List<Executable> members = new ArrayList<>(List.of(type.getDeclaredConstructors()));
            members.addAll(List.of(type.getDeclaredMethods()));
            for (Executable member : members) {
                if (!api(member.getModifiers()) || member.isSynthetic() || isCallback(type, member)) {
                    continue;
                }
                for (Class<?> thrown : member.getExceptionTypes()) {
                    if (!RuntimeException.class.isAssignableFrom(thrown) && !Error.class.isAssignableFrom(thrown)) {
                        checkedThrows.add(type.getName() + "." + member.getName() + " throws " + thrown.getName());
                    }
                }
            }
        }
        assertThat(checkedThrows).isEmpty();
    }

    @Test
    void everyExportedExceptionExtendsTheModuleRoot() throws Exception {
        Set<String> exported = exports();
        List<String> exceptions = new ArrayList<>();
        List<String> strays = new ArrayList<>();
        for (Class<?> type : classes()) {
            if (reachable(type, exported) && Throwable.class.isAssignableFrom(type)) {
                exceptions.add(type.getName());
                if (!WeftHttpException.class.isAssignableFrom(type)) {
                    strays.add(type.getName());
                }
            }
        }
        assertThat(exceptions).as("exported exceptions").contains("dev.weft.http.server.NotFound",
                "dev.weft.http.client.ClientTimeout", "dev.weft.http.websocket.WebSocketClosed");
        assertThat(strays).isEmpty();
    }

    private static boolean isCallback(Class<?> type, Executable member) {
        return type.isAnnotationPresent(FunctionalInterface.class) && Modifier.isAbstract(member.getModifiers());
    }

    @Test
    void noExportedSignatureMentionsAnUnexportedType() throws Exception {
        Set<String> exported = exports();
        List<String> leaks = new ArrayList<>();
        int checked = 0;
        for (Class<?> type : classes()) {
            if (!exported.contains(type.getPackageName()) || !reachable(type, exported)) {
                continue;
            }
            checked++;
            List<Type> mentioned = new ArrayList<>();
            mentioned.add(type.getGenericSuperclass());
            mentioned.addAll(List.of(type.getGenericInterfaces()));
            for (Field field : type.getDeclaredFields()) {
                if (api(field.getModifiers())) {
                    mentioned.add(field.getGenericType());
                }
            }
            List<Executable> members = new ArrayList<>(List.of(type.getDeclaredConstructors()));
            for (Method method : type.getDeclaredMethods()) {
                if (!method.isSynthetic()) {
                    members.add(method);
                    if (api(method.getModifiers())) {
                        mentioned.add(method.getGenericReturnType());
                    }
                }
            }
            for (Executable member : members) {
                if (api(member.getModifiers())) {
                    mentioned.addAll(List.of(member.getGenericParameterTypes()));
                    mentioned.addAll(List.of(member.getGenericExceptionTypes()));
                }
            }
            for (Type t : mentioned) {
                for (Class<?> hidden : unreachable(t, exported)) {
                    leaks.add(type.getName() + " mentions " + hidden.getName());
                }
            }
        }
        assertThat(checked).as("exported public types checked").isGreaterThan(50);
        assertThat(leaks).isEmpty();
    }

    private static Set<String> exports() {
        ModuleDescriptor descriptor = HeadParser.class.getModule().getDescriptor();
        assertThat(descriptor).as("tests run inside the named module").isNotNull();
        return descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    }

    private static List<Class<?>> classes() throws IOException, ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (!name.equals("module-info") && !name.endsWith("package-info")) {
                    classes.add(Class.forName(name, false, HeadParser.class.getClassLoader()));
                }
            }
        }
        return classes;
    }

    private static boolean api(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    /** Whether code outside the module can name {@code type}: public all the way out, in an exported package. */
    private static boolean reachable(Class<?> type, Set<String> exported) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!api(c.getModifiers())) {
                return false;
            }
        }
        return exported.contains(type.getPackageName());
    }

    private static List<Class<?>> unreachable(Type type, Set<String> exported) {
        List<Class<?>> found = new ArrayList<>();
        switch (type) {
            case null -> { }
            case Class<?> c -> {
                Class<?> element = c;
                while (element.isArray()) {
                    element = element.getComponentType();
                }
                if (element.getModule() == HeadParser.class.getModule() && !reachable(element, exported)) {
                    found.add(element);
                }
            }
            case ParameterizedType p -> {
                found.addAll(unreachable(p.getRawType(), exported));
                for (Type argument : p.getActualTypeArguments()) {
                    found.addAll(unreachable(argument, exported));
                }
            }
            case WildcardType w -> {
                for (Type bound : w.getUpperBounds()) {
                    found.addAll(unreachable(bound, exported));
                }
                for (Type bound : w.getLowerBounds()) {
                    found.addAll(unreachable(bound, exported));
                }
            }
            case GenericArrayType g -> found.addAll(unreachable(g.getGenericComponentType(), exported));
            case TypeVariable<?> v -> {
                for (Type bound : v.getBounds()) {
                    found.addAll(unreachable(bound, exported));
                }
            }
            default -> { }
        }
        return found;
    }
}
