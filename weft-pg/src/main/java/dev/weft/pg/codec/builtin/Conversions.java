package dev.weft.pg.codec.builtin;

import dev.weft.pg.codec.CodecRegistry;
import dev.weft.pg.types.PgBits;
import dev.weft.pg.types.PgComposite;
import dev.weft.pg.types.PgInet;
import dev.weft.pg.types.PgInterval;
import dev.weft.pg.types.PgMacAddress;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Converts decoded values to the Java type a caller asked for (see {@link CodecRegistry#convert}). Each
 * conversion is a type test and a constructor or factory call; record shapes are looked up once per class.
 */
final class Conversions {
    private Conversions() {
    }

    static <T> T convert(Object value, Class<T> target) {
        if (value == null) {
            return null;
        }
        Class<T> boxed = Boxing.box(target);
        if (boxed.isInstance(value)) {
            return boxed.cast(value);
        }
        if (boxed == String.class) {
            return boxed.cast(asString(value));
        }
        Object converted = switch (value) {
            case Number n -> Numbers.convert(n, boxed);
            case String s -> fromString(s, boxed);
            case OffsetDateTime t -> fromTimestamp(t, boxed);
            case PgInterval i when boxed == Duration.class -> i.toDuration();
            case PgInterval i when boxed == Period.class -> i.toPeriod();
            case PgInet i when boxed == InetAddress.class -> i.address();
            case List<?> list when boxed.isArray() -> toJavaArray(list, boxed.getComponentType());
            case PgComposite c when boxed.isRecord() -> toRecord(c, boxed);
            case PgComposite c when boxed == Map.class -> toMap(c);
            default -> null;
        };
        if (converted == null) {
            throw new IllegalArgumentException("cannot convert a " + value.getClass().getName() + " to "
                    + target.getName());
        }
        return boxed.cast(converted);
    }

    /** Scalars as Java writes them (not always PostgreSQL's text form: BC years, for one, differ). */
    private static String asString(Object value) {
        return switch (value) {
            case BigDecimal d -> d.toPlainString();
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            case UUID u -> u.toString();
            case TemporalAccessor t -> t.toString();
            case PgInterval i -> i.toString();
            case PgInet i -> i.toString();
            case PgMacAddress m -> m.toString();
            case PgBits b -> b.toString();
            default -> throw new IllegalArgumentException("cannot convert a " + value.getClass().getName()
                    + " to java.lang.String");
        };
    }

    private static Object fromString(String s, Class<?> target) {
        if (target.isEnum()) {
            return enumConstant(s, target);
        }
        if (target == Character.class && s.length() == 1) {
            return s.charAt(0);
        }
        if (JsonSupport.isNodeType(target)) {
            return JsonSupport.read(s);
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(String label, Class<?> target) {
        try {
            return Enum.valueOf((Class<? extends Enum>) target, label);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("enum label '" + label + "' is not a constant of " + target.getName(), e);
        }
    }

    /** {@code timestamptz} values; the infinities ({@code OffsetDateTime.MAX/MIN}) become {@code Instant.MAX/MIN}. */
    private static Object fromTimestamp(OffsetDateTime t, Class<?> target) {
        if (target == Instant.class) {
            return t.equals(OffsetDateTime.MAX) ? Instant.MAX : t.equals(OffsetDateTime.MIN) ? Instant.MIN : t.toInstant();
        }
        return target == ZonedDateTime.class ? t.toZonedDateTime() : null;
    }

    private static Object toJavaArray(List<?> array, Class<?> component) {
        if (!component.isPrimitive()) {
            Object[] result = (Object[]) Array.newInstance(component, array.size());
            for (int i = 0; i < result.length; i++) {
                result[i] = convert(array.get(i), component);
            }
            return result;
        }
        Object result = Array.newInstance(component, array.size());
        for (int i = 0; i < array.size(); i++) {
            Object item = array.get(i);
            if (item == null) {
                throw new IllegalArgumentException("array element " + i + " is NULL, which a " + component.getName()
                        + "[] cannot hold");
            }
            Array.set(result, i, convert(item, component));
        }
        return result;
    }

    private static Object toRecord(PgComposite composite, Class<?> type) {
        RecordShape shape = RecordShape.of(type);
        Object[] values = new Object[shape.size()];
        boolean[] set = new boolean[shape.size()];
        for (int i = 0; i < composite.size(); i++) {
            int at = shape.indexOf(composite.names().get(i));
            if (at >= 0) {
                values[at] = convert(composite.get(i), shape.type(at));
                set[at] = true;
            }
        }
        for (int i = 0; i < values.length; i++) {
            if (!set[i] || values[i] == null && shape.type(i).isPrimitive()) {
                throw new IllegalArgumentException("cannot build " + type.getSimpleName() + ": component "
                        + shape.name(i) + (set[i] ? " is primitive but the attribute is NULL"
                        : " matches no attribute of " + composite.typeName() + " " + composite.names()));
            }
        }
        return shape.construct(values);
    }

    private static Map<String, Object> toMap(PgComposite composite) {
        Map<String, Object> map = LinkedHashMap.newLinkedHashMap(composite.size());
        for (int i = 0; i < composite.size(); i++) {
            map.put(composite.names().get(i), composite.get(i));
        }
        return map;
    }

    /** Number conversions: exact where the target is an integer or BigDecimal, rounding to float types. */
    private static final class Numbers {
        static Object convert(Number n, Class<?> target) {
            if (target == Long.class) {
                return exactLong(n, target);
            }
            if (target == Integer.class) {
                return (int) inRange(exactLong(n, target), Integer.MIN_VALUE, Integer.MAX_VALUE, n, target);
            }
            if (target == Short.class) {
                return (short) inRange(exactLong(n, target), Short.MIN_VALUE, Short.MAX_VALUE, n, target);
            }
            if (target == Byte.class) {
                return (byte) inRange(exactLong(n, target), Byte.MIN_VALUE, Byte.MAX_VALUE, n, target);
            }
            if (target == Double.class) {
                return n.doubleValue();
            }
            if (target == Float.class) {
                return n.floatValue();
            }
            if (target == BigDecimal.class) {
                return toBigDecimal(n, target);
            }
            if (target == BigInteger.class) {
                return n instanceof BigDecimal d ? exact(d::toBigIntegerExact, n, target)
                        : BigInteger.valueOf(exactLong(n, target));
            }
            return null;
        }

        private static BigDecimal toBigDecimal(Number n, Class<?> target) {
            return switch (n) {
                case BigInteger b -> new BigDecimal(b);
                case Double d when !Double.isFinite(d) -> throw notExact(n, target);
                case Float f when !Float.isFinite(f) -> throw notExact(n, target);
                case Double d -> new BigDecimal(d.toString());
                case Float f -> new BigDecimal(f.toString());
                default -> BigDecimal.valueOf(n.longValue());
            };
        }

        private static long exactLong(Number n, Class<?> target) {
            return switch (n) {
                case Long l -> l;
                case Integer i -> i;
                case Short s -> s;
                case Byte b -> b;
                case BigDecimal d -> exact(d::longValueExact, n, target);
                case BigInteger b -> exact(b::longValueExact, n, target);
                default -> {
                    double d = n.doubleValue();
                    if (d != Math.rint(d) || Double.isInfinite(d) || Math.abs(d) >= 0x1p63) {
                        throw notExact(n, target);
                    }
                    yield (long) d;
                }
            };
        }

        private static long inRange(long v, long min, long max, Number n, Class<?> target) {
            if (v < min || v > max) {
                throw notExact(n, target);
            }
            return v;
        }

        private static <V> V exact(Supplier<V> conversion, Number n, Class<?> target) {
            try {
                return conversion.get();
            } catch (ArithmeticException e) {
                throw notExact(n, target);
            }
        }

        private static IllegalArgumentException notExact(Number n, Class<?> target) {
            return new IllegalArgumentException("cannot convert " + n.getClass().getSimpleName() + " " + n + " to "
                    + target.getName() + " exactly");
        }
    }
}
