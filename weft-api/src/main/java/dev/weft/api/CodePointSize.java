package dev.weft.api;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraints.Size;
import java.util.Collection;
import java.util.Map;

/**
 * {@link Size} as a FastAPI user expects it: a string's length counts characters (code points), so an
 * emoji is one, not two UTF-16 units; collections and maps count their elements. Replaces Hibernate
 * Validator's own {@code @Size} validators (see {@link Validation}).
 */
abstract sealed class CodePointSize<T> implements ConstraintValidator<Size, T> {
    private int min;
    private int max;

    @Override
    public void initialize(Size size) {
        min = size.min();
        max = size.max();
    }

    @Override
    public boolean isValid(T value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        int length = length(value);
        return length >= min && length <= max;
    }

    abstract int length(T value);

    /** Code points of a string. */
    static final class OfText extends CodePointSize<CharSequence> {
        @Override
        int length(CharSequence value) {
            return Character.codePointCount(value, 0, value.length());
        }
    }

    /** Elements of a collection. */
    static final class OfCollection extends CodePointSize<Collection<?>> {
        @Override
        int length(Collection<?> value) {
            return value.size();
        }
    }

    /** Entries of a map. */
    static final class OfMap extends CodePointSize<Map<?, ?>> {
        @Override
        int length(Map<?, ?> value) {
            return value.size();
        }
    }
}
