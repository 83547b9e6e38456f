package dev.weft.api;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.Validator;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.ContainerDescriptor;
import jakarta.validation.metadata.ContainerElementTypeDescriptor;
import jakarta.validation.metadata.ElementDescriptor;
import jakarta.validation.metadata.MethodDescriptor;
import jakarta.validation.metadata.ParameterDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;
import jakarta.validation.metadata.ValidateUnwrappedValue;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks, at start-up, that every constraint can check the type it is put on ({@code @Email} on an
 * {@code int} cannot), which Hibernate Validator itself finds out only when it first validates such a
 * value, as a failed request. Asks the validator's metadata for the constraint's validators and
 * compares each one's validated type with the element's, unwrapping {@code Optional} and
 * {@link Settable} as the validator does. Stateless.
 */
final class ConstraintTargets {
    private ConstraintTargets() {
    }

    /** Throws {@link IllegalArgumentException} naming the record component or the method parameter. */
    static void check(Validator validator, List<Shape.Obj> records, List<Invocable> invocables) {
        for (Shape.Obj obj : records) {
            for (PropertyDescriptor p : validator.getConstraintsForClass(obj.raw()).getConstrainedProperties()) {
                Type declared = obj.fields().stream().filter(f -> f.name().equals(p.getPropertyName())).findFirst()
                        .map(f -> ((java.lang.reflect.Field) f.annotated()).getGenericType()).orElse(p.getElementClass());
                check(p, declared, obj.raw().getSimpleName() + "." + p.getPropertyName());
            }
        }
        for (Invocable invocable : invocables) {
            Method m = invocable.method();
            MethodDescriptor d = validator.getConstraintsForClass(m.getDeclaringClass())
                    .getConstraintsForMethod(m.getName(), m.getParameterTypes());
            if (d != null) {
                for (ParameterDescriptor p : d.getParameterDescriptors()) {
                    check(p, m.getGenericParameterTypes()[p.getIndex()],
                            invocable.describe() + ", parameter " + Invocable.parameterName(m, p.getIndex()));
                }
            }
        }
    }

    private static void check(ElementDescriptor element, Type declared, String where) {
        for (ConstraintDescriptor<?> c : element.getConstraintDescriptors()) {
            Class<?> target = c.getValueUnwrapping() != ValidateUnwrappedValue.SKIP ? unwrapped(element.getElementClass(), declared)
                    : element.getElementClass();
            check(c, target, where);
        }
        if (element instanceof ContainerDescriptor container) {
            for (ContainerElementTypeDescriptor e : container.getConstrainedContainerElementTypes()) {
                check(e, e.getElementClass(), where + ", type argument " + e.getTypeArgumentIndex());
            }
        }
    }

    /** What an {@code Optional} or {@code Settable} holds (their extractors unwrap by default); other types as they are. */
    private static Class<?> unwrapped(Class<?> type, Type declared) {
        if ((type == Optional.class || type == Settable.class) && declared instanceof ParameterizedType p) {
            return Shapes.rawClass(Shapes.argument(p, 0));
        }
        return type;
    }

    private static void check(ConstraintDescriptor<?> c, Class<?> type, String where) {
        List<? extends Class<?>> validators = c.getConstraintValidatorClasses();
        Class<?> boxed = MethodType.methodType(type).wrap().returnType();
        if (!validators.isEmpty() && validators.stream().noneMatch(v -> validatedType(v).isAssignableFrom(boxed))) {
            String accepted = validators.stream().map(v -> validatedType(v).getSimpleName()).distinct().sorted().collect(Collectors.joining(", "));
            throw new IllegalArgumentException(where + ": @" + c.getAnnotation().annotationType().getSimpleName()
                    + " cannot check " + type.getSimpleName() + " (it checks " + accepted + ")");
        }
        for (ConstraintDescriptor<?> composing : c.getComposingConstraints()) {
            check(composing, type, where);
        }
    }

    /** The raw type {@code V} of a {@code ConstraintValidator<A, V>} implementation; Object when it cannot tell. */
    static Class<?> validatedType(Class<?> validator) {
        Type type = typeArgument(validator, Map.of());
        return type == null ? Object.class : switch (type) {
            case Class<?> c -> c;
            case ParameterizedType p -> (Class<?>) p.getRawType();
            default -> Object.class; // a type variable or wildcard left open accepts anything
        };
    }

    private static Type typeArgument(Type type, Map<TypeVariable<?>, Type> outer) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        var bindings = new HashMap<TypeVariable<?>, Type>();
        if (type instanceof ParameterizedType p) {
            TypeVariable<?>[] variables = raw.getTypeParameters();
            for (int i = 0; i < variables.length; i++) {
                Type argument = p.getActualTypeArguments()[i];
                bindings.put(variables[i], argument instanceof TypeVariable<?> v ? outer.getOrDefault(v, v) : argument);
            }
        }
        if (raw == ConstraintValidator.class) {
            return bindings.get(raw.getTypeParameters()[1]);
        }
        var supertypes = new ArrayList<Type>(List.of(raw.getGenericInterfaces()));
        if (raw.getGenericSuperclass() != null) {
            supertypes.add(raw.getGenericSuperclass());
        }
        for (Type supertype : supertypes) {
            if (supertype instanceof Class<?> || supertype instanceof ParameterizedType) {
                Type found = typeArgument(supertype, bindings);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
