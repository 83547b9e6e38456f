package dev.weft.api;

import jakarta.validation.Constraint;
import jakarta.validation.Valid;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.AnnotatedWildcardType;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;

/**
 * Whether an API declares any Jakarta constraint (or {@code @Valid}) at all, read from the annotations
 * without Hibernate Validator: an API that declares none never starts the validator, whose start costs
 * more than the rest of weft-api's. Looks at the records' classes and fields (type arguments included),
 * the methods and their parameters. Stateless.
 */
final class DeclaredConstraints {
    private DeclaredConstraints() {
    }

    static boolean any(List<Shape.Obj> records, List<Invocable> invocables) {
        for (Shape.Obj obj : records) {
            if (constraining(obj.raw().getAnnotations())) {
                return true;
            }
            for (Shape.Field field : obj.fields()) {
                var javaField = (java.lang.reflect.Field) field.annotated();
                if (constraining(javaField.getAnnotations()) || constraining(javaField.getAnnotatedType())) {
                    return true;
                }
            }
        }
        for (Invocable invocable : invocables) {
            Method m = invocable.method();
            if (constraining(m.getAnnotations())) {
                return true;
            }
            for (Parameter p : m.getParameters()) {
                if (constraining(p.getAnnotations()) || constraining(p.getAnnotatedType())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean constraining(AnnotatedType type) {
        if (constraining(type.getAnnotations())) {
            return true;
        }
        return switch (type) {
            case AnnotatedParameterizedType p -> Arrays.stream(p.getAnnotatedActualTypeArguments()).anyMatch(DeclaredConstraints::constraining);
            case AnnotatedArrayType a -> constraining(a.getAnnotatedGenericComponentType());
            case AnnotatedWildcardType w -> Arrays.stream(w.getAnnotatedUpperBounds()).anyMatch(DeclaredConstraints::constraining);
            default -> false;
        };
    }

    /** A constraint, {@code @Valid}, or a container of repeated constraints ({@code @Min.List}). */
    private static boolean constraining(Annotation[] annotations) {
        for (Annotation a : annotations) {
            Class<? extends Annotation> type = a.annotationType();
            if (a instanceof Valid || type.isAnnotationPresent(Constraint.class) || repeatsConstraints(type)) {
                return true;
            }
        }
        return false;
    }

    private static boolean repeatsConstraints(Class<? extends Annotation> type) {
        try {
            Class<?> value = type.getMethod("value").getReturnType();
            return value.isArray() && value.getComponentType().isAnnotationPresent(Constraint.class);
        } catch (NoSuchMethodException e) {
            return false; // no value(): not a container of repeated annotations
        }
    }
}
