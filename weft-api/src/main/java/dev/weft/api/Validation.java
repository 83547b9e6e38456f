package dev.weft.api;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorFactory;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Size;
import jakarta.validation.metadata.MethodDescriptor;
import jakarta.validation.valueextraction.ExtractedValue;
import jakarta.validation.valueextraction.UnwrapByDefault;
import jakarta.validation.valueextraction.ValueExtractor;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.HibernateValidatorConfiguration;
import org.hibernate.validator.cfg.ConstraintMapping;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Jakarta Validation (Hibernate Validator) set up for an API: nested records are validated whether or
 * not their components carry {@code @Valid} (as pydantic always validates nested models),
 * {@code @Size} counts code points, messages need no expression language. Violations become
 * {@link ValidationError}s located like FastAPI's. Thread-safe once built.
 */
final class Validation {
    private Validator validator;

    /**
     * Builds the validator once every record type is known; the API's build joins the task that calls
     * this before any request can use it. Not called when the API declares no constraint
     * ({@link DeclaredConstraints}): {@link #validate} then does nothing.
     */
    void start(Collection<Shape.Obj> records) {
        HibernateValidatorConfiguration config = jakarta.validation.Validation.byProvider(HibernateValidator.class)
                .configure().messageInterpolator(new ParameterMessageInterpolator())
                // Everything is configured here: no search for META-INF/validation.xml and its XML parser.
                .ignoreXmlConfiguration();
        ConstraintMapping mapping = config.createConstraintMapping();
        mapping.constraintDefinition(Size.class).includeExistingValidators(false)
                .validatedBy(CodePointSize.OfText.class)
                .validatedBy(CodePointSize.OfCollection.class)
                .validatedBy(CodePointSize.OfMap.class);
        for (Shape.Obj obj : records) {
            cascade(mapping, obj);
        }
        ConstraintValidatorFactory defaults = config.getDefaultConstraintValidatorFactory();
        config.constraintValidatorFactory(new ConstraintValidatorFactory() {
            @Override
            public <T extends ConstraintValidator<?, ?>> T getInstance(Class<T> key) {
                // Ours are package-private: made here rather than by Hibernate Validator's reflection.
                Object mine = key == CodePointSize.OfText.class ? new CodePointSize.OfText()
                        : key == CodePointSize.OfCollection.class ? new CodePointSize.OfCollection()
                        : key == CodePointSize.OfMap.class ? new CodePointSize.OfMap() : null;
                return mine != null ? key.cast(mine) : defaults.getInstance(key);
            }

            @Override
            public void releaseInstance(ConstraintValidator<?, ?> instance) {
                defaults.releaseInstance(instance);
            }
        });
        config.addValueExtractor(new OptionalContents());
        config.addValueExtractor(new SettableContents());
        validator = config.addMapping(mapping).buildValidatorFactory().getValidator();
    }

    /**
     * Applies a constraint on an {@code Optional} component to what it holds, when it holds something
     * ({@code @Email Optional<String> email}), as a FastAPI user writes {@code email: EmailStr | None}.
     * An empty one hands nothing over: a missing or null value is what {@code Optional} allows, so
     * {@code @NotBlank Optional<String>} refuses only a blank text, never its absence.
     */
    @UnwrapByDefault
    private static final class OptionalContents implements ValueExtractor<Optional<@ExtractedValue ?>> {
        @Override
        public void extractValues(Optional<?> originalValue, ValueReceiver receiver) {
            originalValue.ifPresent(value -> receiver.value(null, value));
        }
    }

    /** As {@link OptionalContents}, for a {@link Settable}: a field left out or set to null hands nothing over. */
    @UnwrapByDefault
    private static final class SettableContents implements ValueExtractor<Settable<@ExtractedValue ?>> {
        @Override
        public void extractValues(Settable<?> originalValue, ValueReceiver receiver) {
            Object value = originalValue.orElseNull();
            if (value != null) {
                receiver.value(null, value);
            }
        }
    }

    private static void cascade(ConstraintMapping mapping, Shape.Obj obj) {
        var type = mapping.type(obj.raw());
        for (Shape.Field field : obj.fields()) {
            var javaField = (java.lang.reflect.Field) field.annotated();
            if (!holdsRecord(field.shape()) || javaField.isAnnotationPresent(Valid.class) || typeArgumentsValid(javaField)) {
                continue; // nothing to cascade into, or the user's own @Valid already does
            }
            var property = type.field(field.name());
            switch (field.shape()) {
                case Shape.Obj o -> property.valid();
                case Shape.Dict d -> property.containerElementType(1).valid();
                default -> property.containerElementType().valid();
            }
        }
    }

    private static boolean typeArgumentsValid(java.lang.reflect.Field field) {
        return field.getAnnotatedType() instanceof AnnotatedParameterizedType p
                && Arrays.stream(p.getAnnotatedActualTypeArguments()).anyMatch(a -> a.isAnnotationPresent(Valid.class));
    }

    private static boolean holdsRecord(Shape shape) {
        return switch (shape) {
            case Shape.Obj o -> true;
            case Shape.Many(Shape item, boolean set) -> item instanceof Shape.Obj;
            case Shape.Dict(Shape value) -> value instanceof Shape.Obj;
            case Shape.Maybe(Shape inner) -> inner instanceof Shape.Obj;
            case Shape.Omissible(Shape inner) -> inner instanceof Shape.Obj;
            default -> false;
        };
    }

    /** Checks that every constraint of {@code records} and of the methods' parameters can check its element's type. */
    void checkTargets(List<Shape.Obj> records, List<Invocable> invocables) {
        ConstraintTargets.check(validator, records, invocables);
    }

    /** Whether {@code method}'s parameters carry constraints. */
    boolean constrainedParameters(Method method) {
        MethodDescriptor d = validator.getConstraintsForClass(method.getDeclaringClass())
                .getConstraintsForMethod(method.getName(), method.getParameterTypes());
        // Constraints only on a type argument (List<@Email String>) do not count as constrained parameters.
        return d != null && (d.hasConstrainedParameters()
                || d.getParameterDescriptors().stream().anyMatch(p -> !p.getConstrainedContainerElementTypes().isEmpty()));
    }

    /** Validates a bound value, reporting under {@code loc}. */
    void validate(Object value, List<Object> loc, List<ValidationError> errors) {
        if (validator == null) {
            return; // never started: the API declares no constraint
        }
        for (ConstraintViolation<Object> v : validator.validate(value)) {
            errors.add(error(v, new ArrayList<>(loc)));
        }
    }

    /**
     * Validates scalar arguments of {@code method} on {@code target}; {@code locations} gives each
     * parameter's location (null for parameters validated by their binder, whose violations are skipped).
     */
    void validateParameters(Object target, Method method, Object[] args, List<List<Object>> locations,
                            List<ValidationError> errors) {
        for (ConstraintViolation<Object> v : validator.forExecutables().validateParameters(target, method, args)) {
            List<Object> loc = null;
            for (jakarta.validation.Path.Node node : v.getPropertyPath()) {
                if (node.getKind() == ElementKind.PARAMETER) {
                    loc = locations.get(node.as(jakarta.validation.Path.ParameterNode.class).getParameterIndex());
                }
            }
            if (loc != null) {
                errors.add(error(v, new ArrayList<>(loc)));
            }
        }
    }

    private static ValidationError error(ConstraintViolation<?> v, List<Object> loc) {
        for (jakarta.validation.Path.Node node : v.getPropertyPath()) {
            switch (node.getKind()) {
                case PROPERTY, BEAN, CONTAINER_ELEMENT -> {
                    if (node.isInIterable()) {
                        loc.add(node.getIndex() != null ? node.getIndex() : String.valueOf(node.getKey()));
                    }
                    if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                        loc.add(node.getName());
                    }
                }
                default -> {
                    // method, parameter and return-value nodes: the location prefix already says where.
                }
            }
        }
        return new ValidationError(loc, v.getMessage(), type(v));
    }

    private static String type(ConstraintViolation<?> v) {
        String name = v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        Object value = v.getInvalidValue();
        return switch (name) {
            case "Min", "DecimalMin", "PositiveOrZero" -> "greater_than_equal";
            case "Positive" -> "greater_than";
            case "Max", "DecimalMax", "NegativeOrZero" -> "less_than_equal";
            case "Negative" -> "less_than";
            case "Pattern" -> "string_pattern_mismatch";
            case "NotNull" -> "missing";
            case "Size", "NotEmpty", "NotBlank" -> {
                boolean tooShort = v.getConstraintDescriptor().getAttributes().get("min") instanceof Integer min
                        ? length(value) < min : true;
                String kind = value instanceof CharSequence ? "string_too_" : "too_";
                yield kind + (tooShort ? "short" : "long");
            }
            default -> name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        };
    }

    private static int length(Object value) {
        return switch (value) {
            case CharSequence s -> Character.codePointCount(s, 0, s.length());
            case Collection<?> c -> c.size();
            case Map<?, ?> m -> m.size();
            case null, default -> 0;
        };
    }
}
