package dev.weft.api;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON shape of a Java type, worked out once at start-up: what a body must look like to bind, and
 * what its JSON Schema says. Records become objects (recursively, generics resolved), collections
 * arrays, {@code Map<String, V>} objects of V, {@code Optional} optional-and-nullable.
 */
sealed interface Shape {
    /** One JSON scalar. */
    record Scalar(ScalarType type) implements Shape {
    }

    /** A JSON array: a {@code List}, {@code Set} or {@code Collection} (sets answer {@code uniqueItems}). */
    record Many(Shape item, boolean set) implements Shape {
        /** An empty, growable collection of the declared kind. */
        Collection<Object> newCollection(int size) {
            return set ? new LinkedHashSet<>() : new ArrayList<>(size);
        }

        /** {@code values} (made by {@link #newCollection}) made unmodifiable. */
        Object seal(Collection<Object> values) {
            return values instanceof Set<Object> s ? Collections.unmodifiableSet(s)
                    : Collections.unmodifiableList((List<Object>) values);
        }
    }

    /** A JSON object with free keys: {@code Map<String, V>}. */
    record Dict(Shape value) implements Shape {
    }

    /** Any JSON value ({@code JsonNode}, {@code Object}): bound as a tree, schema {@code {}}. */
    record Any() implements Shape {
    }

    /** {@code Optional<T>}: may be missing or null. */
    record Maybe(Shape inner) implements Shape {
    }

    /** {@link Settable}{@code <T>}: may be missing (unset) or null, and the two are told apart. */
    record Omissible(Shape inner) implements Shape {
    }

    /**
     * A record as a JSON object; {@code fields} is filled right after the object is registered, so
     * recursive records refer to themselves.
     *
     * @param name schema name: the simple name, with type arguments appended for generic records
     */
    record Obj(Class<?> raw, String name, List<Field> fields, MethodHandle constructor) implements Shape {
        // Identity by schema name: the fields of a recursive record lead back to itself.
        @Override
        public boolean equals(Object o) {
            return o instanceof Obj other && name.equals(other.name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public String toString() {
            return "Obj[" + name + "]";
        }
    }

    /**
     * One record component.
     *
     * @param annotated where its constraint and description annotations are read (the component's field)
     */
    record Field(String name, Shape shape, AnnotatedElement annotated, String description) {
        /** Whether a body must carry the field (everything but {@code Optional} and {@code Settable}). */
        boolean required() {
            return !(shape instanceof Maybe) && !(shape instanceof Omissible);
        }
    }
}
