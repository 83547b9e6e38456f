package dev.weft.pg.codec.builtin;

import static dev.weft.pg.codec.builtin.Wire.decode;
import static dev.weft.pg.codec.builtin.Wire.encode;
import static dev.weft.pg.codec.builtin.Wire.hex;
import static dev.weft.pg.codec.builtin.Wire.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.pg.codec.CodecRegistry;
import dev.weft.pg.codec.PgDecodeException;
import dev.weft.pg.codec.TypeCatalog;
import dev.weft.pg.types.PgInterval;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeCodecsTest {

    @Test
    void datesCountDaysFrom2000() {
        assertThat(hex(encode(TimeCodecs.DATE, LocalDate.of(2000, 1, 1)))).isEqualTo("00000000");
        assertThat(hex(encode(TimeCodecs.DATE, LocalDate.of(1999, 12, 31)))).isEqualTo("ffffffff");
        assertThat(decode(TimeCodecs.DATE, hex("00000020"))).isEqualTo(LocalDate.of(2000, 2, 2));
    }

    @Test
    void dateInfinitiesAreLocalDateMaxAndMin() {
        assertThat(hex(encode(TimeCodecs.DATE, LocalDate.MAX))).isEqualTo("7fffffff");
        assertThat(hex(encode(TimeCodecs.DATE, LocalDate.MIN))).isEqualTo("80000000");
        assertThat(decode(TimeCodecs.DATE, hex("7fffffff"))).isEqualTo(LocalDate.MAX);
        assertThat(decode(TimeCodecs.DATE, hex("80000000"))).isEqualTo(LocalDate.MIN);
    }

    @Test
    void bcDatesUseIsoYearsAndTheServerRange() {
        LocalDate first = LocalDate.of(-4713, 11, 24); // 4714-11-24 BC, julian day 0
        assertThat(roundTrip(TimeCodecs.DATE, first)).isEqualTo(first);
        assertThat(BigEndian.getInt(encode(TimeCodecs.DATE, first), 0)).isEqualTo(-2_451_545);
        assertThat(roundTrip(TimeCodecs.DATE, LocalDate.of(0, 2, 29))).isEqualTo(LocalDate.of(0, 2, 29)); // 1 BC, a leap year
        assertThatThrownBy(() -> encode(TimeCodecs.DATE, first.minusDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the range");
        assertThat(roundTrip(TimeCodecs.DATE, LocalDate.of(5874897, 12, 31))).isEqualTo(LocalDate.of(5874897, 12, 31));
        assertThatThrownBy(() -> encode(TimeCodecs.DATE, LocalDate.of(5874898, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timestampsAreMicrosecondsFrom2000RoundedHalfUp() {
        LocalDateTime epoch = LocalDateTime.of(2000, 1, 1, 0, 0);
        assertThat(hex(encode(TimeCodecs.TIMESTAMP, epoch.plusNanos(1000)))).isEqualTo("0000000000000001");
        assertThat(hex(encode(TimeCodecs.TIMESTAMP, epoch.plusNanos(500)))).isEqualTo("0000000000000001");
        assertThat(hex(encode(TimeCodecs.TIMESTAMP, epoch.plusNanos(499)))).isEqualTo("0000000000000000");
        assertThat(hex(encode(TimeCodecs.TIMESTAMP, epoch.minusNanos(500)))).isEqualTo("0000000000000000");
        assertThat(hex(encode(TimeCodecs.TIMESTAMP, epoch.minusNanos(501)))).isEqualTo("ffffffffffffffff");
        assertThat(decode(TimeCodecs.TIMESTAMP, hex("ffffffffffffffff"))).isEqualTo(epoch.minusNanos(1000));
        LocalDateTime bc = LocalDateTime.of(-4713, 11, 24, 0, 0);
        assertThat(roundTrip(TimeCodecs.TIMESTAMP, bc)).isEqualTo(bc);
        assertThatThrownBy(() -> encode(TimeCodecs.TIMESTAMP, bc.minusNanos(1000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestamp");
        LocalDateTime last = LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000);
        assertThat(roundTrip(TimeCodecs.TIMESTAMP, last)).isEqualTo(last);
        assertThatThrownBy(() -> encode(TimeCodecs.TIMESTAMP, last.plusNanos(1000)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timestampInfinitiesAreMaxAndMin() {
        assertThat(hex(encode(TimeCodecs.TIMESTAMP, LocalDateTime.MAX))).isEqualTo("7fffffffffffffff");
        assertThat(decode(TimeCodecs.TIMESTAMP, hex("8000000000000000"))).isEqualTo(LocalDateTime.MIN);
        assertThat(decode(TimeCodecs.TIMESTAMPTZ, hex("7fffffffffffffff"))).isEqualTo(OffsetDateTime.MAX);
        assertThat(hex(Wire.encodeParameter(CodecRegistry.create(), 1184, Instant.MIN))).isEqualTo("8000000000000000");
        assertThat(CodecRegistry.create().convert(OffsetDateTime.MAX, Instant.class)).isEqualTo(Instant.MAX);
    }

    @Test
    void timestamptzDecodesInUtcAndEncodesAnyZone() {
        var registry = CodecRegistry.create();
        OffsetDateTime paris = OffsetDateTime.of(2024, 3, 31, 3, 30, 0, 123_456_000, ZoneOffset.ofHours(2));
        OffsetDateTime back = decode(TimeCodecs.TIMESTAMPTZ, encode(TimeCodecs.TIMESTAMPTZ, paris));
        assertThat(back.getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(back.toInstant()).isEqualTo(paris.toInstant());
        byte[] fromZoned = Wire.encodeParameter(registry, 1184, paris.atZoneSameInstant(ZoneId.of("Europe/Paris")));
        byte[] fromInstant = Wire.encodeParameter(registry, 1184, paris.toInstant());
        assertThat(fromZoned).isEqualTo(fromInstant).isEqualTo(encode(TimeCodecs.TIMESTAMPTZ, paris));
        assertThatThrownBy(() -> registry.forParameter(1184, paris.toLocalDateTime(), TypeCatalog.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LocalDateTime")
                .hasMessageContaining("timestamptz");
    }

    @Test
    void timeAllows2400AsLocalTimeMax() {
        assertThat(hex(encode(TimeCodecs.TIME, LocalTime.of(0, 0, 1)))).isEqualTo("00000000000f4240");
        assertThat(decode(TimeCodecs.TIME, hex("000000141dd76000"))).isEqualTo(LocalTime.MAX);
        assertThat(hex(encode(TimeCodecs.TIME, LocalTime.MAX))).isEqualTo("000000141dd76000");
        assertThat(roundTrip(TimeCodecs.TIME, LocalTime.of(23, 59, 59, 999_999_000)))
                .isEqualTo(LocalTime.of(23, 59, 59, 999_999_000));
        assertThatThrownBy(() -> decode(TimeCodecs.TIME, hex("000000141dd76001"))).isInstanceOf(PgDecodeException.class);
    }

    @Test
    void timetzSendsTheOffsetWestOfUtc() {
        OffsetTime noonPlusTwo = OffsetTime.of(12, 0, 0, 0, ZoneOffset.ofHours(2));
        assertThat(hex(encode(TimeCodecs.TIMETZ, noonPlusTwo))).isEqualTo("0000000a0eebb000" + "ffffe3e0");
        assertThat(roundTrip(TimeCodecs.TIMETZ, noonPlusTwo)).isEqualTo(noonPlusTwo);
        OffsetTime odd = OffsetTime.of(1, 2, 3, 4000, ZoneOffset.ofHoursMinutesSeconds(-9, -30, -15));
        assertThat(roundTrip(TimeCodecs.TIMETZ, odd)).isEqualTo(odd);
    }

    @Test
    void timetzRefusesOffsetsJavaCannotHoldIncludingTheMostNegativeInt() {
        // Found by the fuzzer (weft-fuzz BinaryCodecFuzzTest): Math.abs(Integer.MIN_VALUE) is negative, so
        // a range check through abs let 0x80000000 through to ZoneOffset, which threw DateTimeException.
        assertThatThrownBy(() -> decode(TimeCodecs.TIMETZ, hex("0000000a0eebb000" + "80000000")))
                .isInstanceOf(PgDecodeException.class).hasMessageContaining("zone offset");
        assertThatThrownBy(() -> decode(TimeCodecs.TIMETZ, hex("0000000a0eebb000" + "0000fd21")))
                .isInstanceOf(PgDecodeException.class);
    }

    @Test
    void intervalKeepsMonthsDaysAndMicrosApart() {
        var i = new PgInterval(1, 2, 3);
        assertThat(hex(encode(TimeCodecs.INTERVAL, i))).isEqualTo("0000000000000003" + "00000002" + "00000001");
        assertThat(roundTrip(TimeCodecs.INTERVAL, new PgInterval(-14, -3, -7_200_000_001L)))
                .isEqualTo(new PgInterval(-14, -3, -7_200_000_001L));
        assertThat(roundTrip(TimeCodecs.INTERVAL, PgInterval.INFINITY)).isEqualTo(PgInterval.INFINITY);
        assertThat(hex(Wire.encodeParameter(CodecRegistry.create(), 1186, Duration.ofSeconds(1))))
                .isEqualTo("00000000000f4240" + "00000000" + "00000000");
        assertThat(hex(Wire.encodeParameter(CodecRegistry.create(), 1186, Period.of(1, 2, 3))))
                .isEqualTo("0000000000000000" + "00000003" + "0000000e");
    }

    @Test
    void intervalConvertsToDurationAndPeriodWhenItCan() {
        assertThat(new PgInterval(0, 1, 1_500_000).toDuration()).isEqualTo(Duration.ofDays(1).plusMillis(1500));
        assertThat(new PgInterval(14, 3, 0).toPeriod()).isEqualTo(Period.of(1, 2, 3));
        assertThatThrownBy(() -> new PgInterval(1, 0, 0).toDuration()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new PgInterval(0, 0, 1).toPeriod()).isInstanceOf(IllegalStateException.class);
        assertThat(PgInterval.of(Duration.ofNanos(1500))).isEqualTo(new PgInterval(0, 0, 2));
        assertThat(new PgInterval(14, 3, 3_723_500_000L).toString()).isEqualTo("P1Y2M3DT1H2M3.5S");
        assertThat(PgInterval.of(Period.ofMonths(1)).plus(PgInterval.of(Duration.ofMinutes(90))))
                .isEqualTo(new PgInterval(1, 0, 5_400_000_000L));
    }
}
