package dev.weft.pg.types;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;

/**
 * A PostgreSQL array value: a list of its first dimension's items, which are the elements of a
 * one-dimensional array and sub-arrays (themselves {@code PgArray}s) of a multi-dimensional one, plus the
 * dimensions and lower bounds that a plain {@code List} cannot carry. Elements may be {@code null}. Decoded
 * arrays are returned as this type; bind values may be a {@code PgArray}, a {@code List} or a Java array
 * (nested for several dimensions). Immutable and thread-safe (when its elements are).
 *
 * {@snippet :
 * PgArray a = PgArray.of(List.of(1, 2, 3));                                  // '{1,2,3}'
 * PgArray b = PgArray.of(new int[] {2, 2}, new int[] {0, 1}, Arrays.asList(1, 2, null, 4)); // '[0:1][1:2]={{1,2},{NULL,4}}'
 * Object x = b.element(1, 1);                                                // null: subscripts honour lower bounds
 * }
 */
public final class PgArray extends AbstractList<Object> implements RandomAccess {
    /** PostgreSQL's limit on array dimensions ({@code MAXDIM}). */
    public static final int MAX_DIMENSIONS = 6;
    private static final int[] NONE = {};
    private static final PgArray EMPTY = new PgArray(NONE, NONE, new Object[0], 0);

    private final int[] dimensions;
    private final int[] lowerBounds;
    private final Object[] elements;
    private final int start;

    private PgArray(int[] dimensions, int[] lowerBounds, Object[] elements, int start) {
        this.dimensions = dimensions;
        this.lowerBounds = lowerBounds;
        this.elements = elements;
        this.start = start;
    }

    /** A one-dimensional array with lower bound 1 holding {@code elements} (nulls allowed) in order. */
    public static PgArray of(Collection<?> elements) {
        if (elements.isEmpty()) {
            return EMPTY;
        }
        return new PgArray(new int[] {elements.size()}, new int[] {1}, elements.toArray(), 0);
    }

    /**
     * An array of the given dimensions and lower bounds holding {@code elements} in row-major order
     * (the last subscript varies fastest), as PostgreSQL stores them.
     *
     * @throws IllegalArgumentException when the lengths disagree, a dimension is not positive, there are more
     *         than {@link #MAX_DIMENSIONS}, or the element count is not the product of the dimensions
     */
    public static PgArray of(int[] dimensions, int[] lowerBounds, List<?> elements) {
        int total = elementCount(dimensions, lowerBounds);
        if (total != elements.size()) {
            throw new IllegalArgumentException("dimensions " + Arrays.toString(dimensions) + " hold " + total
                    + " elements, got " + elements.size());
        }
        return of(dimensions.clone(), lowerBounds.clone(), elements.toArray());
    }

    /** Trusted factory: takes ownership of the arrays. */
    private static PgArray of(int[] dimensions, int[] lowerBounds, Object[] elements) {
        return dimensions.length == 0 ? EMPTY : new PgArray(dimensions, lowerBounds, elements, 0);
    }

    /**
     * The number of elements an array of these dimensions and lower bounds holds, checked as {@link #of(int[],
     * int[], List)} checks them; codecs call it before they allocate room for the elements.
     *
     * @throws IllegalArgumentException when the lengths disagree, a dimension is not positive, there are more
     *         than {@link #MAX_DIMENSIONS}, an upper bound overflows {@code int4}, or the count exceeds what a
     *         Java array holds
     */
    public static int elementCount(int[] dimensions, int[] lowerBounds) {
        if (dimensions.length != lowerBounds.length) {
            throw new IllegalArgumentException("dimensions " + Arrays.toString(dimensions) + " but lower bounds "
                    + Arrays.toString(lowerBounds));
        }
        if (dimensions.length > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("more than " + MAX_DIMENSIONS + " dimensions: " + dimensions.length);
        }
        long total = dimensions.length == 0 ? 0 : 1;
        for (int i = 0; i < dimensions.length; i++) {
            if (dimensions[i] <= 0) {
                throw new IllegalArgumentException("dimension " + (i + 1) + " is not positive: " + dimensions[i]);
            }
            if ((long) lowerBounds[i] + dimensions[i] - 1 > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("upper bound of dimension " + (i + 1) + " overflows int4");
            }
            total *= dimensions[i];
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("too many elements: " + Arrays.toString(dimensions));
            }
        }
        return (int) total;
    }

    /** The number of dimensions; 0 for an empty array. */
    public int dimensionCount() {
        return dimensions.length;
    }

    /** The length of each dimension (a copy); empty for an empty array. */
    public int[] dimensions() {
        return dimensions.clone();
    }

    /** The lower bound of each dimension (a copy); 1 unless the array was built otherwise. */
    public int[] lowerBounds() {
        return lowerBounds.clone();
    }

    /** Every element in row-major order, as an unmodifiable list that may contain nulls. */
    public List<Object> elements() {
        return Arrays.asList(elements).subList(start, start + totalElements());
    }

    /**
     * The element at PostgreSQL subscripts {@code subscripts} (one per dimension, counted from each
     * dimension's lower bound).
     *
     * @throws IndexOutOfBoundsException when a subscript is outside its dimension or the count is wrong
     */
    public Object element(int... subscripts) {
        if (subscripts.length != dimensions.length) {
            throw new IndexOutOfBoundsException("expected " + dimensions.length + " subscripts, got "
                    + subscripts.length);
        }
        int index = 0;
        for (int d = 0; d < dimensions.length; d++) {
            int i = subscripts[d] - lowerBounds[d];
            if (i < 0 || i >= dimensions[d]) {
                throw new IndexOutOfBoundsException("subscript " + subscripts[d] + " outside [" + lowerBounds[d]
                        + ":" + (lowerBounds[d] + dimensions[d] - 1) + "] of dimension " + (d + 1));
            }
            index = index * dimensions[d] + i;
        }
        return elements[start + index];
    }

    /** Item {@code index} (from 0) of the first dimension: an element, or a sub-array of the remaining dimensions. */
    @Override
    public Object get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("index " + index + " of size " + size());
        }
        if (dimensions.length == 1) {
            return elements[start + index];
        }
        int[] rest = Arrays.copyOfRange(dimensions, 1, dimensions.length);
        int stride = totalElements() / dimensions[0];
        return new PgArray(rest, Arrays.copyOfRange(lowerBounds, 1, lowerBounds.length), elements,
                start + index * stride);
    }

    /** The length of the first dimension; 0 for an empty array. */
    @Override
    public int size() {
        return dimensions.length == 0 ? 0 : dimensions[0];
    }

    private int totalElements() {
        int n = dimensions.length == 0 ? 0 : 1;
        for (int d : dimensions) {
            n *= d;
        }
        return n;
    }

    /** The items as {@code [a, b]}, prefixed by PostgreSQL's bounds notation when a lower bound is not 1. */
    @Override
    public String toString() {
        boolean plain = true;
        for (int lb : lowerBounds) {
            plain &= lb == 1;
        }
        var b = new StringBuilder();
        if (!plain) {
            for (int d = 0; d < dimensions.length; d++) {
                b.append('[').append(lowerBounds[d]).append(':').append(lowerBounds[d] + dimensions[d] - 1).append(']');
            }
            b.append('=');
        }
        return appendItems(b).toString();
    }

    private StringBuilder appendItems(StringBuilder b) {
        b.append('[');
        for (int i = 0; i < size(); i++) {
            b.append(i == 0 ? "" : ", ");
            Object item = get(i);
            if (item instanceof PgArray sub && dimensions.length > 1) {
                sub.appendItems(b);
            } else {
                b.append(item);
            }
        }
        return b.append(']');
    }
}
