package dev.weft.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Works out {@link Shape}s, once per type, at start-up (not thread-safe: used while the API is built).
 * A type it cannot bind fails with an {@link IllegalArgumentException} naming it.
 */
final class Shapes {
    private final Map<Type, Shape> known = new HashMap<>();
    private final Map<String, Type> names = new HashMap<>();

    /** The shape of {@code type}, a class or a parameterised type. */
    Shape of(Type type) {
        Shape shape = known.get(type);
        if (shape == null) {
            shape = make(type);
            known.putIfAbsent(type, shape);
        }
        return shape;
    }

    /** Every record shape made so far, by schema name. */
    List<Shape.Obj> objects() {
        return known.values().stream().filter(Shape.Obj.class::isInstance).map(Shape.Obj.class::cast)
                .distinct().toList();
    }

    private Shape make(Type type) {
        Class<?> raw = rawClass(type);
        ScalarType scalar = ScalarType.of(raw);
        if (scalar != null) {
            return new Shape.Scalar(scalar);
        }
        if (raw == Optional.class) {
            return new Shape.Maybe(of(argument(type, 0)));
        }
        if (raw == Settable.class) {
            Shape inner = of(argument(type, 0));
            if (inner instanceof Shape.Maybe || inner instanceof Shape.Omissible) {
                throw new IllegalArgumentException("Settable already tells a null apart: " + type.getTypeName());
            }
            return new Shape.Omissible(inner);
        }
        if (raw == List.class || raw == Collection.class || raw == Set.class) {
            return new Shape.Many(of(argument(type, 0)), raw == Set.class);
        }
        if (raw == Map.class) {
            if (argument(type, 0) != String.class) {
                throw new IllegalArgumentException("map keys must be String for JSON: " + type.getTypeName());
            }
            return new Shape.Dict(of(argument(type, 1)));
        }
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
            return new Shape.Any();
        }
        if (raw.isRecord()) {
            return record(type, raw);
        }
        throw new IllegalArgumentException("cannot bind JSON to " + type.getTypeName()
                + ": use a record, a collection, a map with String keys or a scalar type");
    }

    private Shape record(Type type, Class<?> raw) {
        String name = schemaName(type);
        Type other = names.putIfAbsent(name, type);
        if (other != null && !other.equals(type)) {
            throw new IllegalArgumentException("two records share the schema name " + name + ": "
                    + other.getTypeName() + " and " + type.getTypeName());
        }
        RecordComponent[] components = raw.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        var fields = new ArrayList<Shape.Field>(components.length);
        Shape.Obj obj;
        try {
            Constructor<?> constructor = raw.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            obj = new Shape.Obj(raw, name, fields, MethodHandles.lookup().unreflectConstructor(constructor));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot construct record " + raw.getName()
                    + " (open its package to dev.weft.api): " + e.getMessage(), e);
        }
        known.put(type, obj);
        Map<TypeVariable<?>, Type> bindings = bindings(type, raw);
        for (RecordComponent c : components) {
            Type componentType = resolve(c.getGenericType(), bindings);
            Description description = c.getAnnotation(Description.class);
            java.lang.reflect.Field field;
            try {
                field = raw.getDeclaredField(c.getName());
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
            fields.add(new Shape.Field(c.getName(), of(componentType), field,
                    description == null ? null : description.value()));
        }
        return obj;
    }

    static Class<?> rawClass(Type type) {
        return switch (type) {
            case Class<?> c -> c;
            case ParameterizedType p -> (Class<?>) p.getRawType();
            case WildcardType w -> rawClass(w.getUpperBounds()[0]);
            case GenericArrayType g -> throw new IllegalArgumentException("arrays are not supported, use List: " + g);
            default -> throw new IllegalArgumentException("unresolved type variable " + type.getTypeName());
        };
    }

    static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            Type arg = p.getActualTypeArguments()[index];
            return arg instanceof WildcardType w ? w.getUpperBounds()[0] : arg;
        }
        throw new IllegalArgumentException("raw type needs its type arguments: " + type.getTypeName());
    }

    private static Map<TypeVariable<?>, Type> bindings(Type type, Class<?> raw) {
        var map = new HashMap<TypeVariable<?>, Type>();
        if (type instanceof ParameterizedType p) {
            TypeVariable<?>[] vars = raw.getTypeParameters();
            for (int i = 0; i < vars.length; i++) {
                map.put(vars[i], p.getActualTypeArguments()[i]);
            }
        }
        return map;
    }

    private static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof TypeVariable<?> v) {
            Type bound = bindings.get(v);
            if (bound == null) {
                throw new IllegalArgumentException("type variable " + v + " has no argument");
            }
            return bound;
        }
        if (type instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments().clone();
            for (int i = 0; i < args.length; i++) {
                args[i] = resolve(args[i], bindings);
            }
            return new Parameterized((Class<?>) p.getRawType(), args);
        }
        return type;
    }

    private static String schemaName(Type type) {
        if (type instanceof ParameterizedType p) {
            var name = new StringBuilder(((Class<?>) p.getRawType()).getSimpleName());
            for (Type arg : p.getActualTypeArguments()) {
                name.append('_').append(schemaName(arg));
            }
            return name.toString();
        }
        return rawClass(type).getSimpleName();
    }

    /** A parameterised type made here, equal to the JDK's own for the same raw type and arguments. */
    private record Parameterized(Class<?> raw, Type[] args) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return args.clone();
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return raw.getDeclaringClass();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterizedType p && raw.equals(p.getRawType())
                    && Arrays.equals(args, p.getActualTypeArguments())
                    && Objects.equals(getOwnerType(), p.getOwnerType());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(args) ^ raw.hashCode() ^ Objects.hashCode(getOwnerType());
        }

        @Override
        public String getTypeName() {
            return raw.getTypeName() + Arrays.stream(args).map(Type::getTypeName)
                    .collect(Collectors.joining(", ", "<", ">"));
        }
    }
}
