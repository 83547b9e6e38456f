package dev.weft.pg.codec.builtin;

import dev.weft.pg.codec.PgDecodeException;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.types.PgInterval;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Codecs of the date and time types and {@code interval}. The server counts days and microseconds from
 * 2000-01-01 (proleptic Gregorian calendar, so BC dates are ISO years 0 and below: 1 BC is year 0).
 * Java nanoseconds are rounded to the nearest microsecond, ties up (toward the future). {@code infinity}
 * and {@code -infinity} map to the Java type's {@code MAX} and {@code MIN} and back.
 */
final class TimeCodecs {
    static final Codec<LocalDate> DATE = new DateCodec();
    static final Codec<LocalTime> TIME = new TimeCodec();
    static final Codec<OffsetTime> TIMETZ = new TimeTzCodec();
    static final Codec<LocalDateTime> TIMESTAMP = new TimestampCodec();
    static final Codec<OffsetDateTime> TIMESTAMPTZ = new TimestampTzCodec();
    static final Codec<PgInterval> INTERVAL = new IntervalCodec();

    private static final long EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
    private static final long EPOCH_SECOND = EPOCH_DAY * 86_400;
    private static final long MICROS_PER_SECOND = 1_000_000;
    private static final long MICROS_PER_DAY = 86_400 * MICROS_PER_SECOND;
    /** The server's range: from julian day 0 (4714-11-24 BC) to before 5874898-01-01 for dates ... */
    private static final long MIN_DAY = -2_451_545;
    private static final long MAX_DAY = 2_145_031_948;
    /** ... and to before 294277-01-01 for timestamps. */
    private static final long MIN_TIMESTAMP = -211_813_488_000_000_000L;
    private static final long MAX_TIMESTAMP = 9_223_371_331_200_000_000L - 1;

    private TimeCodecs() {
    }

    /** Microseconds since 2000-01-01T00:00 of a UTC date-time, range-checked. */
    private static long micros(long epochSecond, int nano, Object value, String typeName) {
        try {
            long micros = Math.addExact(Math.multiplyExact(epochSecond - EPOCH_SECOND, MICROS_PER_SECOND),
                    (nano + 500) / 1000);
            if (micros >= MIN_TIMESTAMP && micros <= MAX_TIMESTAMP) {
                return micros;
            }
        } catch (ArithmeticException e) {
            // out of range: reported below
        }
        throw new IllegalArgumentException(value + " is outside the range of PostgreSQL type " + typeName
                + " (4714-11-24 BC to 294276 AD)");
    }

    private static LocalDateTime utcDateTime(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND) + EPOCH_SECOND,
                (int) Math.floorMod(micros, MICROS_PER_SECOND) * 1000, ZoneOffset.UTC);
    }

    private static long microsOfDay(LocalTime time) {
        return (time.toNanoOfDay() + 500) / 1000;
    }

    /** 24:00:00, which the server allows as a time of day, becomes {@code LocalTime.MAX}. */
    private static LocalTime timeOfDay(long micros, String typeName) {
        if (micros < 0 || micros > MICROS_PER_DAY) {
            throw PgDecodeException.malformed(typeName, "time of day " + micros + " µs");
        }
        return micros == MICROS_PER_DAY ? LocalTime.MAX : LocalTime.ofNanoOfDay(micros * 1000);
    }

    private static final class DateCodec extends Codec<LocalDate> {
        DateCodec() {
            super("date", LocalDate.class);
        }

        @Override
        public void encode(LocalDate value, WriteBuffer out) {
            if (value.equals(LocalDate.MAX)) {
                out.writeInt(Integer.MAX_VALUE);
            } else if (value.equals(LocalDate.MIN)) {
                out.writeInt(Integer.MIN_VALUE);
            } else {
                long day = value.toEpochDay() - EPOCH_DAY;
                if (day < MIN_DAY || day > MAX_DAY) {
                    throw new IllegalArgumentException(value + " is outside the range of PostgreSQL type date"
                            + " (4714-11-24 BC to 5874897-12-31)");
                }
                out.writeInt((int) day);
            }
        }

        @Override
        public LocalDate decode(byte[] data, int offset, int length) {
            requireLength(length, 4);
            int day = BigEndian.getInt(data, offset);
            return switch (day) {
                case Integer.MAX_VALUE -> LocalDate.MAX;
                case Integer.MIN_VALUE -> LocalDate.MIN;
                default -> LocalDate.ofEpochDay(day + EPOCH_DAY);
            };
        }
    }

    private static final class TimeCodec extends Codec<LocalTime> {
        TimeCodec() {
            super("time", LocalTime.class);
        }

        @Override
        public void encode(LocalTime value, WriteBuffer out) {
            out.writeLong(microsOfDay(value));
        }

        @Override
        public LocalTime decode(byte[] data, int offset, int length) {
            requireLength(length, 8);
            return timeOfDay(BigEndian.getLong(data, offset), typeName());
        }
    }

    /** {@code timetz} is the time of day and the zone's offset in seconds west of UTC (the opposite sign of Java's). */
    private static final class TimeTzCodec extends Codec<OffsetTime> {
        TimeTzCodec() {
            super("timetz", OffsetTime.class);
        }

        @Override
        public void encode(OffsetTime value, WriteBuffer out) {
            out.writeLong(microsOfDay(value.toLocalTime())).writeInt(-value.getOffset().getTotalSeconds());
        }

        @Override
        public OffsetTime decode(byte[] data, int offset, int length) {
            requireLength(length, 12);
            int west = BigEndian.getInt(data, offset + 8);
            if (west < -18 * 3600 || west > 18 * 3600) { // Math.abs(MIN_VALUE) is negative
                throw PgDecodeException.malformed(typeName(), "zone offset " + west + " s");
            }
            return OffsetTime.of(timeOfDay(BigEndian.getLong(data, offset), typeName()),
                    ZoneOffset.ofTotalSeconds(-west));
        }
    }

    private static final class TimestampCodec extends Codec<LocalDateTime> {
        TimestampCodec() {
            super("timestamp", LocalDateTime.class);
        }

        @Override
        public void encode(LocalDateTime value, WriteBuffer out) {
            if (value.equals(LocalDateTime.MAX)) {
                out.writeLong(Long.MAX_VALUE);
            } else if (value.equals(LocalDateTime.MIN)) {
                out.writeLong(Long.MIN_VALUE);
            } else {
                out.writeLong(micros(value.toEpochSecond(ZoneOffset.UTC), value.getNano(), value, typeName()));
            }
        }

        @Override
        public LocalDateTime decode(byte[] data, int offset, int length) {
            requireLength(length, 8);
            long micros = BigEndian.getLong(data, offset);
            if (micros == Long.MAX_VALUE) {
                return LocalDateTime.MAX;
            }
            return micros == Long.MIN_VALUE ? LocalDateTime.MIN : utcDateTime(micros);
        }
    }

    /**
     * {@code timestamptz} is an instant; it decodes to an {@code OffsetDateTime} in UTC and encodes an
     * {@code OffsetDateTime}, {@code ZonedDateTime} or {@code Instant} ({@code Instant.MAX}/{@code MIN} are the
     * infinities too).
     */
    private static final class TimestampTzCodec extends Codec<OffsetDateTime> {
        TimestampTzCodec() {
            super("timestamptz", OffsetDateTime.class);
        }

        @Override
        OffsetDateTime coerce(Object value) {
            return switch (value) {
                case OffsetDateTime t -> t;
                case ZonedDateTime t -> t.toOffsetDateTime();
                case Instant i when i.equals(Instant.MAX) -> OffsetDateTime.MAX;
                case Instant i when i.equals(Instant.MIN) -> OffsetDateTime.MIN;
                case Instant i -> checkedInstant(i);
                default -> null;
            };
        }

        private OffsetDateTime checkedInstant(Instant i) {
            micros(i.getEpochSecond(), i.getNano(), i, typeName());
            return i.atOffset(ZoneOffset.UTC);
        }

        @Override
        String acceptedTypes() {
            return "OffsetDateTime, ZonedDateTime, Instant";
        }

        @Override
        public void encode(OffsetDateTime value, WriteBuffer out) {
            if (value.equals(OffsetDateTime.MAX)) {
                out.writeLong(Long.MAX_VALUE);
            } else if (value.equals(OffsetDateTime.MIN)) {
                out.writeLong(Long.MIN_VALUE);
            } else {
                out.writeLong(micros(value.toEpochSecond(), value.getNano(), value, typeName()));
            }
        }

        @Override
        public OffsetDateTime decode(byte[] data, int offset, int length) {
            requireLength(length, 8);
            long micros = BigEndian.getLong(data, offset);
            if (micros == Long.MAX_VALUE) {
                return OffsetDateTime.MAX;
            }
            return micros == Long.MIN_VALUE ? OffsetDateTime.MIN : utcDateTime(micros).atOffset(ZoneOffset.UTC);
        }
    }

    /** {@code interval}: microseconds, then days, then months. Also encodes a {@code Duration} or {@code Period}. */
    private static final class IntervalCodec extends Codec<PgInterval> {
        IntervalCodec() {
            super("interval", PgInterval.class);
        }

        @Override
        PgInterval coerce(Object value) {
            return switch (value) {
                case PgInterval i -> i;
                case Duration d -> PgInterval.of(d);
                case Period p -> PgInterval.of(p);
                default -> null;
            };
        }

        @Override
        String acceptedTypes() {
            return "PgInterval, Duration, Period";
        }

        @Override
        public void encode(PgInterval value, WriteBuffer out) {
            out.writeLong(value.micros()).writeInt(value.days()).writeInt(value.months());
        }

        @Override
        public PgInterval decode(byte[] data, int offset, int length) {
            requireLength(length, 16);
            return new PgInterval(BigEndian.getInt(data, offset + 12), BigEndian.getInt(data, offset + 8),
                    BigEndian.getLong(data, offset));
        }
    }
}
