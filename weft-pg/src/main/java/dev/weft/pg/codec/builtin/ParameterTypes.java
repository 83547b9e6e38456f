package dev.weft.pg.codec.builtin;

import dev.weft.pg.types.PgBits;
import dev.weft.pg.types.PgGeometry;
import dev.weft.pg.types.PgInet;
import dev.weft.pg.types.PgInterval;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.util.Map;
import java.util.UUID;

/**
 * The codec a bind value gets from its Java class alone, for a parameter whose type the server left
 * unspecified (OID 0). Only classes with one obvious PostgreSQL type are listed.
 */
final class ParameterTypes {
    private static final Map<Class<?>, Codec<?>> BY_CLASS = Map.ofEntries(
            Map.entry(Boolean.class, NumberCodecs.BOOL),
            Map.entry(Short.class, NumberCodecs.INT2),
            Map.entry(Integer.class, NumberCodecs.INT4),
            Map.entry(Long.class, NumberCodecs.INT8),
            Map.entry(Float.class, NumberCodecs.FLOAT4),
            Map.entry(Double.class, NumberCodecs.FLOAT8),
            Map.entry(BigDecimal.class, NumericCodec.INSTANCE),
            Map.entry(String.class, TextCodecs.TEXT),
            Map.entry(byte[].class, TextCodecs.BYTEA),
            Map.entry(UUID.class, TextCodecs.UUID_CODEC),
            Map.entry(LocalDate.class, TimeCodecs.DATE),
            Map.entry(LocalTime.class, TimeCodecs.TIME),
            Map.entry(OffsetTime.class, TimeCodecs.TIMETZ),
            Map.entry(LocalDateTime.class, TimeCodecs.TIMESTAMP),
            Map.entry(OffsetDateTime.class, TimeCodecs.TIMESTAMPTZ),
            Map.entry(Instant.class, TimeCodecs.TIMESTAMPTZ),
            Map.entry(PgInterval.class, TimeCodecs.INTERVAL),
            Map.entry(Duration.class, TimeCodecs.INTERVAL),
            Map.entry(Period.class, TimeCodecs.INTERVAL),
            Map.entry(PgInet.class, NetworkCodecs.INET),
            Map.entry(PgBits.class, BitsCodec.VARBIT),
            Map.entry(PgGeometry.Point.class, GeometryCodecs.POINT),
            Map.entry(PgGeometry.Line.class, GeometryCodecs.LINE),
            Map.entry(PgGeometry.Lseg.class, GeometryCodecs.LSEG),
            Map.entry(PgGeometry.Box.class, GeometryCodecs.BOX),
            Map.entry(PgGeometry.Path.class, GeometryCodecs.PATH),
            Map.entry(PgGeometry.Polygon.class, GeometryCodecs.POLYGON),
            Map.entry(PgGeometry.Circle.class, GeometryCodecs.CIRCLE));

    private ParameterTypes() {
    }

    /** The codec for a value of this class, or null when its class does not name one PostgreSQL type. */
    static Codec<?> forValue(Object value) {
        return BY_CLASS.get(value.getClass());
    }
}
