package dev.weft.pg.codec.builtin;

import java.util.Map;

/** Maps primitive classes to their wrappers, so conversions can treat {@code int.class} as {@code Integer}. */
final class Boxing {
    private static final Map<Class<?>, Class<?>> WRAPPERS = Map.of(
            boolean.class, Boolean.class, byte.class, Byte.class, short.class, Short.class, char.class, Character.class,
            int.class, Integer.class, long.class, Long.class, float.class, Float.class, double.class, Double.class);

    private Boxing() {
    }

    @SuppressWarnings("unchecked")
    static <T> Class<T> box(Class<T> type) {
        return type.isPrimitive() ? (Class<T>) WRAPPERS.get(type) : type;
    }
}
