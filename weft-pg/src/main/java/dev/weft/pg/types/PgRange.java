package dev.weft.pg.types;

/**
 * A PostgreSQL range value ({@code int4range}, {@code tstzrange}, a user-defined range ...): a lower and an
 * upper bound, each inclusive or exclusive, or unbounded when {@code null}; or the empty range. The server
 * normalises discrete ranges, so {@code [1,5]} sent as an {@code int4range} comes back as {@code [1,6)}.
 * Immutable and thread-safe when its bounds are.
 *
 * {@snippet :
 * PgRange<Integer> r = PgRange.closedOpen(1, 10);            // '[1,10)'
 * PgRange<LocalDate> from = PgRange.of(LocalDate.of(2024, 1, 1), null, true, false); // '[2024-01-01,)'
 * PgRange<Integer> none = PgRange.empty();                   // 'empty'
 * }
 *
 * @param lower the lower bound, or {@code null} when unbounded (or empty)
 * @param upper the upper bound, or {@code null} when unbounded (or empty)
 * @param lowerInclusive whether the lower bound belongs to the range; false when it is unbounded
 * @param upperInclusive whether the upper bound belongs to the range; false when it is unbounded
 * @param isEmpty whether this is the empty range, which has no bounds
 * @param <T> the subtype's Java type
 */
public record PgRange<T>(T lower, T upper, boolean lowerInclusive, boolean upperInclusive, boolean isEmpty) {
    private static final PgRange<?> EMPTY = new PgRange<>(null, null, false, false, true);

    /** Checks that an unbounded side is not inclusive and that the empty range has no bounds. */
    public PgRange {
        if (isEmpty && (lower != null || upper != null || lowerInclusive || upperInclusive)) {
            throw new IllegalArgumentException("the empty range has no bounds: " + lower + ", " + upper);
        }
        if (lower == null && lowerInclusive || upper == null && upperInclusive) {
            throw new IllegalArgumentException("an unbounded side cannot be inclusive: lower " + lower + " "
                    + lowerInclusive + ", upper " + upper + " " + upperInclusive);
        }
    }

    /** The empty range. */
    @SuppressWarnings("unchecked")
    public static <T> PgRange<T> empty() {
        return (PgRange<T>) EMPTY;
    }

    /** A non-empty range; a {@code null} bound is unbounded (its inclusivity is then ignored). */
    public static <T> PgRange<T> of(T lower, T upper, boolean lowerInclusive, boolean upperInclusive) {
        return new PgRange<>(lower, upper, lower != null && lowerInclusive, upper != null && upperInclusive, false);
    }

    /** {@code [lower,upper)}, the form PostgreSQL gives discrete ranges. */
    public static <T> PgRange<T> closedOpen(T lower, T upper) {
        return of(lower, upper, true, false);
    }

    /** {@code [lower,upper]}. */
    public static <T> PgRange<T> closed(T lower, T upper) {
        return of(lower, upper, true, true);
    }

    /** The range in PostgreSQL's text form, e.g. {@code [1,10)}, {@code (,5]} or {@code empty}. */
    @Override
    public String toString() {
        if (isEmpty) {
            return "empty";
        }
        return (lowerInclusive ? "[" : "(") + (lower == null ? "" : lower) + ","
                + (upper == null ? "" : upper) + (upperInclusive ? "]" : ")");
    }
}
