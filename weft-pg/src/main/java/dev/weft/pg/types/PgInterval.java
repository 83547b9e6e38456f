package dev.weft.pg.types;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Period;
import java.time.temporal.ChronoUnit;

/**
 * A PostgreSQL {@code interval}: months, days and microseconds, kept apart as the server keeps them (a
 * month is not a fixed number of days, nor a day a fixed number of hours across a daylight-saving change).
 * Immutable and thread-safe.
 *
 * {@snippet :
 * PgInterval i = PgInterval.of(Period.ofMonths(1)).plus(PgInterval.of(Duration.ofMinutes(90))); // '1 mon 01:30:00'
 * Duration d = PgInterval.of(Duration.ofSeconds(5)).toDuration();
 * }
 *
 * @param months whole months (a year is 12)
 * @param days whole days
 * @param micros microseconds
 */
public record PgInterval(int months, int days, long micros) {
    /** {@code 'infinity'} (PostgreSQL 17 and later): every field at its maximum. */
    public static final PgInterval INFINITY = new PgInterval(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE);
    /** {@code '-infinity'} (PostgreSQL 17 and later): every field at its minimum. */
    public static final PgInterval NEGATIVE_INFINITY =
            new PgInterval(Integer.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE);
    /** The zero interval. */
    public static final PgInterval ZERO = new PgInterval(0, 0, 0);

    private static final long MICROS_PER_SECOND = 1_000_000;

    /** An interval of only microseconds, rounded from the duration's nanoseconds (ties away from zero). */
    public static PgInterval of(Duration duration) {
        try {
            long micros = Math.multiplyExact(duration.getSeconds(), MICROS_PER_SECOND);
            return new PgInterval(0, 0, Math.addExact(micros, (duration.getNano() + 500) / 1000));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration too long for an interval: " + duration, e);
        }
    }

    /** An interval of months (12 per year) and days. */
    public static PgInterval of(Period period) {
        try {
            return new PgInterval(Math.toIntExact(period.toTotalMonths()), period.getDays(), 0);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("period too long for an interval: " + period, e);
        }
    }

    /** The field-by-field sum, as PostgreSQL adds intervals. */
    public PgInterval plus(PgInterval other) {
        try {
            return new PgInterval(Math.addExact(months, other.months), Math.addExact(days, other.days),
                    Math.addExact(micros, other.micros));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("interval overflow: " + this + " + " + other, e);
        }
    }

    /**
     * The interval as a {@code Duration}, counting a day as 24 hours.
     *
     * @throws IllegalStateException when the interval has months, whose length depends on the date
     */
    public Duration toDuration() {
        if (months != 0) {
            throw new IllegalStateException("interval " + this + " has months, which have no fixed duration");
        }
        return Duration.ofDays(days).plus(Duration.of(micros, ChronoUnit.MICROS));
    }

    /**
     * The interval as a {@code Period} of years, months and days.
     *
     * @throws IllegalStateException when the interval has a time part
     */
    public Period toPeriod() {
        if (micros != 0) {
            throw new IllegalStateException("interval " + this + " has a time part, which a Period cannot hold");
        }
        return Period.of(months / 12, months % 12, days);
    }

    /** The interval in ISO 8601 form as PostgreSQL's {@code iso_8601} style writes it, e.g. {@code P1Y2M3DT4H5M6.5S}. */
    @Override
    public String toString() {
        if (equals(INFINITY)) {
            return "infinity";
        }
        if (equals(NEGATIVE_INFINITY)) {
            return "-infinity";
        }
        if (equals(ZERO)) {
            return "PT0S";
        }
        var b = new StringBuilder("P");
        append(b, months / 12, 'Y');
        append(b, months % 12, 'M');
        append(b, days, 'D');
        if (micros != 0) {
            b.append('T');
            long hours = micros / (3600 * MICROS_PER_SECOND);
            long minutes = micros / (60 * MICROS_PER_SECOND) % 60;
            long rest = micros % (60 * MICROS_PER_SECOND);
            append(b, hours, 'H');
            append(b, minutes, 'M');
            if (rest != 0) {
                b.append(BigDecimal.valueOf(rest, 6).stripTrailingZeros().toPlainString()).append('S');
            }
        }
        return b.toString();
    }

    private static void append(StringBuilder b, long amount, char unit) {
        if (amount != 0) {
            b.append(amount).append(unit);
        }
    }
}
