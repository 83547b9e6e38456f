package dev.weft.pg.codec.builtin;

import dev.weft.pg.codec.PgDecodeException;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.types.PgRange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The binary codec of a range type over its subtype's codec: a flags byte, then each finite bound
 * length-prefixed. Decodes to {@link PgRange}. {@link Multi} is the codec of the matching multirange: a
 * count, then each range length-prefixed; it decodes to an unmodifiable {@code List<PgRange<T>>}.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class RangeCodec extends Codec<PgRange> {
    private static final int EMPTY = 0x01;
    private static final int LOWER_INCLUSIVE = 0x02;
    private static final int UPPER_INCLUSIVE = 0x04;
    private static final int LOWER_INFINITE = 0x08;
    private static final int UPPER_INFINITE = 0x10;
    private final Codec<?> subtype;

    private RangeCodec(String typeName, Codec<?> subtype) {
        super(typeName, PgRange.class);
        this.subtype = subtype;
    }

    /** The range codec over {@code subtype}, or null when the subtype has no binary codec. */
    static RangeCodec of(String typeName, Codec<?> subtype) {
        return subtype == null || !subtype.binary() ? null : new RangeCodec(typeName, subtype);
    }

    @Override
    String acceptedTypes() {
        return "PgRange (of " + subtype.acceptedTypes() + ")";
    }

    @Override
    public void encode(PgRange value, WriteBuffer out) {
        if (value.isEmpty()) {
            out.writeByte(EMPTY);
            return;
        }
        int flags = (value.lowerInclusive() ? LOWER_INCLUSIVE : 0) | (value.upperInclusive() ? UPPER_INCLUSIVE : 0)
                | (value.lower() == null ? LOWER_INFINITE : 0) | (value.upper() == null ? UPPER_INFINITE : 0);
        out.writeByte(flags);
        if (value.lower() != null) {
            ArrayCodec.writeElement(subtype, value.lower(), out);
        }
        if (value.upper() != null) {
            ArrayCodec.writeElement(subtype, value.upper(), out);
        }
    }

    @Override
    public PgRange decode(byte[] data, int offset, int length) {
        if (length < 1) {
            throw PgDecodeException.malformed(typeName(), "no flags byte");
        }
        int flags = data[offset] & 0xFF;
        if ((flags & EMPTY) != 0) {
            return PgRange.empty();
        }
        int pos = offset + 1;
        int end = offset + length;
        Object lower = null;
        Object upper = null;
        if ((flags & LOWER_INFINITE) == 0) {
            int len = boundLength(data, pos, end);
            lower = subtype.decode(data, pos + 4, len);
            pos += 4 + len;
        }
        if ((flags & UPPER_INFINITE) == 0) {
            int len = boundLength(data, pos, end);
            upper = subtype.decode(data, pos + 4, len);
            pos += 4 + len;
        }
        if (pos != end) {
            throw PgDecodeException.malformed(typeName(), (end - pos) + " bytes after the bounds");
        }
        return PgRange.of(lower, upper, (flags & LOWER_INCLUSIVE) != 0, (flags & UPPER_INCLUSIVE) != 0);
    }

    private int boundLength(byte[] data, int pos, int end) {
        if (end - pos < 4) {
            throw PgDecodeException.malformed(typeName(), "truncated bound");
        }
        int len = BigEndian.getInt(data, pos);
        if (len < 0 || len > end - pos - 4) {
            throw PgDecodeException.malformed(typeName(), "bound length " + len);
        }
        return len;
    }

    /** The multirange codec over this range codec. */
    Multi multi(String typeName) {
        return new Multi(typeName, this);
    }

    /** A multirange: an ordered list of non-overlapping ranges, as the server normalises it. */
    static final class Multi extends Codec<List> {
        private final RangeCodec range;

        private Multi(String typeName, RangeCodec range) {
            super(typeName, List.class);
            this.range = range;
        }

        @Override
        boolean takesLists() {
            return true;
        }

        @Override
        List coerce(Object value) {
            if (!(value instanceof Collection<?> ranges)) {
                return null;
            }
            for (Object r : ranges) {
                if (!(r instanceof PgRange)) {
                    throw new IllegalArgumentException("a multirange " + typeName() + " holds PgRange values, not "
                            + (r == null ? "null" : r.getClass().getName()));
                }
            }
            return ranges instanceof List<?> list ? list : new ArrayList<>(ranges);
        }

        @Override
        String acceptedTypes() {
            return "Collection of PgRange (of " + range.subtype.acceptedTypes() + ")";
        }

        @Override
        public void encode(List value, WriteBuffer out) {
            out.writeInt(value.size());
            for (Object r : value) {
                ArrayCodec.writeElement(range, r, out);
            }
        }

        @Override
        public List decode(byte[] data, int offset, int length) {
            if (length < 4) {
                throw PgDecodeException.malformed(typeName(), "no range count");
            }
            int count = BigEndian.getInt(data, offset);
            if (count < 0 || (long) count * 5 > length - 4) {
                throw PgDecodeException.malformed(typeName(), "range count " + count + " in " + length + " bytes");
            }
            List<PgRange<?>> ranges = new ArrayList<>(count);
            int pos = offset + 4;
            int end = offset + length;
            for (int i = 0; i < count; i++) {
                int len = range.boundLength(data, pos, end);
                ranges.add(range.decode(data, pos + 4, len));
                pos += 4 + len;
            }
            if (pos != end) {
                throw PgDecodeException.malformed(typeName(), (end - pos) + " bytes after the ranges");
            }
            return Collections.unmodifiableList(ranges);
        }
    }
}
