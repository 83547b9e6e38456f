package dev.weft.api;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@link Get}/{@link Post}/{@link Put}/{@link Patch}/{@link Delete} annotation says, read once.
 *
 * @param response the response model, or null for the method's return type
 */
record Route(String method, String path, int status, List<String> tags, String summary, boolean deprecated,
             Class<?> response, String operationId) {
    private static final List<Class<? extends Annotation>> KINDS = List.of(Get.class, Post.class, Put.class, Patch.class, Delete.class);
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(:[^}]*)?}");

    /** The route of {@code method}, or null when it has no route annotation. */
    static Route of(Method method) {
        Annotation found = null;
        for (Class<? extends Annotation> kind : KINDS) {
            Annotation a = method.getAnnotation(kind);
            if (a != null && found != null) {
                throw new IllegalArgumentException(Invocable.describe(method) + " has two route annotations");
            }
            found = a != null ? a : found;
        }
        if (found == null) {
            return null;
        }
        try {
            Class<? extends Annotation> type = found.annotationType();
            String path = (String) type.getMethod("value").invoke(found);
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException(Invocable.describe(method) + ": path must start with '/': " + path);
            }
            Class<?> response = (Class<?>) type.getMethod("response").invoke(found);
            String operationId = (String) type.getMethod("operationId").invoke(found);
            int status = (int) type.getMethod("status").invoke(found);
            if (status != 0 && (status < 100 || status > 599)) {
                throw new IllegalArgumentException(Invocable.describe(method) + ": status out of range: " + status);
            }
            return new Route(type.getSimpleName().toUpperCase(Locale.ROOT), path, status,
                    List.of((String[]) type.getMethod("tags").invoke(found)),
                    (String) type.getMethod("summary").invoke(found), (boolean) type.getMethod("deprecated").invoke(found),
                    response == void.class ? null : response, operationId.isEmpty() ? method.getName() : operationId);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The names of the path's variables. */
    Set<String> variables() {
        var names = new LinkedHashSet<String>();
        Matcher m = VARIABLE.matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The path in OpenAPI's template form (regular expressions dropped). */
    String template() {
        return VARIABLE.matcher(path).replaceAll("{$1}");
    }
}
