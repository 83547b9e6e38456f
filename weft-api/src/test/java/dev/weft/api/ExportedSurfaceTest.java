package dev.weft.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Executable;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module's public face: it exports {@code dev.weft.api} only, and no public member of a public type
 * mentions a package-private one (a method nobody outside could call).
 */
class ExportedSurfaceTest {
    @Test
    void onlyTheApiPackageIsExported() {
        var exports = Api.class.getModule().getDescriptor().exports().stream().map(e -> e.source()).toList();
        assertThat(exports).containsExactly("dev.weft.api");
    }

    @Test
    void noPublicSignatureMentionsAHiddenType() throws Exception {
        var leaks = new ArrayList<String>();
        List<Class<?>> types = publicTypes();
        for (Class<?> type : types) {
            var members = new ArrayList<Executable>(List.of(type.getConstructors()));
            Stream.of(type.getDeclaredMethods()).filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()).forEach(members::add);
            for (Executable member : members) {
                var mentioned = new ArrayList<Type>(List.of(member.getGenericParameterTypes()));
                if (member instanceof Method m) {
                    mentioned.add(m.getGenericReturnType());
                }
                mentioned.stream().flatMap(ExportedSurfaceTest::classes).filter(c -> !Modifier.isPublic(c.getModifiers()))
                        .forEach(c -> leaks.add(member + " mentions " + c.getName()));
            }
        }
        assertThat(types).hasSizeGreaterThan(25);
        assertThat(leaks).isEmpty();
    }

    private static List<Class<?>> publicTypes() throws Exception {
        var types = new ArrayList<Class<?>>();
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("target/classes/dev/weft/api"))) {
            for (var file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class")) {
                    Class<?> type = Class.forName("dev.weft.api." + name.substring(0, name.length() - 6));
                    if (Modifier.isPublic(type.getModifiers())
                            && (type.getEnclosingClass() == null || Modifier.isPublic(type.getEnclosingClass().getModifiers()))) {
                        types.add(type);
                    }
                }
            }
        }
        return types;
    }

    private static Stream<Class<?>> classes(Type type) {
        return switch (type) {
            case Class<?> c -> c.isArray() ? classes(c.getComponentType()) : Stream.of(c);
            case ParameterizedType p -> Stream.concat(classes(p.getRawType()), Stream.of(p.getActualTypeArguments()).flatMap(ExportedSurfaceTest::classes));
            case WildcardType w -> Stream.of(w.getUpperBounds()).flatMap(ExportedSurfaceTest::classes);
            case GenericArrayType g -> classes(g.getGenericComponentType());
            default -> Stream.empty();
        };
    }
}
