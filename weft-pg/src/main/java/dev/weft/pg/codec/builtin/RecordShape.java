package dev.weft.pg.codec.builtin;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Locale;

/**
 * What Weft needs to read and build a Java record by component name, found by reflection once per record
 * class and kept in a {@link ClassValue}; reading and building values then go through method handles.
 */
final class RecordShape {
    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return new RecordShape(type);
        }
    };

    private final Class<?> type;
    private final String[] names;
    private final Class<?>[] types;
    private final MethodHandle[] accessors;
    private final MethodHandle constructor;

    private RecordShape(Class<?> type) {
        this.type = type;
        RecordComponent[] components = type.getRecordComponents();
        names = new String[components.length];
        types = new Class<?>[components.length];
        accessors = new MethodHandle[components.length];
        try {
            // setAccessible lets package-private records of the application (an open or unnamed module) work
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            for (int i = 0; i < components.length; i++) {
                names[i] = components[i].getName();
                types[i] = components[i].getType();
                Method accessor = components[i].getAccessor();
                accessor.setAccessible(true);
                accessors[i] = lookup.unreflect(accessor);
            }
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            constructor = lookup.unreflectConstructor(canonical).asSpreader(Object[].class, types.length);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot use record " + type.getName() + ": its package must be "
                    + "exported or open to dev.weft.pg (" + e.getMessage() + ")", e);
        }
    }

    /** The shape of {@code type}, which must be a public record class. */
    static RecordShape of(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        return SHAPES.get(type);
    }

    int size() {
        return names.length;
    }

    String name(int i) {
        return names[i];
    }

    Class<?> type(int i) {
        return types[i];
    }

    /** The index of the component matching column or attribute {@code name}, or -1. */
    int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        String loose = loose(name);
        for (int i = 0; i < names.length; i++) {
            if (loose(names[i]).equals(loose)) {
                return i;
            }
        }
        return -1;
    }

    /** Names compared ignoring case and underscores, so {@code first_name} matches {@code firstName}. */
    static String loose(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    Object component(Object record, int i) {
        try {
            return accessors[i].invoke(record);
        } catch (Throwable e) {
            throw new IllegalArgumentException("reading " + type.getSimpleName() + "." + names[i] + " failed: " + e, e);
        }
    }

    Object construct(Object[] values) {
        try {
            return constructor.invoke(values);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("building " + type.getName() + " from " + Arrays.toString(values)
                    + " failed: " + e.getMessage(), e);
        } catch (Throwable e) {
            throw new IllegalStateException("building " + type.getName() + " failed", e);
        }
    }
}
