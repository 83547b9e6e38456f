package dev.weft.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A record component of a partial update (a PATCH body) that tells apart the three things a client can
 * say about a field: nothing (the field is left out: {@link #unset()}), "clear it" ({@code null}:
 * set, to no value) and a new value. {@code Optional} cannot, as it has two states; pydantic's
 * {@code model_fields_set} answers the same question. The field is optional and nullable in the OpenAPI
 * document; constraints apply to a value that is there ({@code @Email Settable<String> email} refuses
 * {@code "x"}, never a left-out field or a {@code null}). Immutable and thread-safe.
 *
 * {@snippet :
 * record UserPatch(@Email Settable<String> email, @Min(0) Settable<Integer> age) {}
 *
 * @Patch("/users/{id}")
 * Optional<User> patch(@Path long id, @Body UserPatch patch) {
 *     patch.email().ifSet(email -> users.setEmail(id, email));   // null when the client cleared it
 *     patch.age().ifSet(age -> users.setAge(id, age));
 *     return users.find(id);
 * }
 * }
 *
 * @param <T> the field's type (not {@code Optional}: a set field may already be null)
 */
public final class Settable<T> {
    private static final Settable<?> UNSET = new Settable<>(false, null);
    private final boolean set;
    private final T value;

    private Settable(boolean set, T value) {
        this.set = set;
        this.value = value;
    }

    /** A field the client left out. */
    @SuppressWarnings("unchecked")
    public static <T> Settable<T> unset() {
        return (Settable<T>) UNSET;
    }

    /** A field the client set, to {@code value} or, when it is null, to no value. */
    public static <T> Settable<T> of(T value) {
        return new Settable<>(true, value);
    }

    /** Whether the client sent the field, {@code null} included. */
    public boolean isSet() {
        return set;
    }

    /**
     * The value the client set, empty when it set {@code null}; throws {@link IllegalStateException} for
     * a field left out (ask {@link #isSet()} first, or use {@link #ifSet}).
     */
    public Optional<T> value() {
        if (!set) {
            throw new IllegalStateException("the field was not sent");
        }
        return Optional.ofNullable(value);
    }

    /** Gives {@code action} the value the client set ({@code null} when it cleared the field); nothing when left out. */
    public void ifSet(Consumer<? super T> action) {
        if (set) {
            action.accept(value);
        }
    }

    /** The value, or null when the field was left out or set to null; also how it is written as JSON. */
    @JsonValue
    public T orElseNull() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settable<?> other && set == other.set && Objects.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return set ? Objects.hashCode(value) * 31 + 1 : 0;
    }

    @Override
    public String toString() {
        return set ? "Settable[" + value + "]" : "Settable.unset";
    }
}
