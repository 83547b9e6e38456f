package dev.weft.pg.codec.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgConnection;
import dev.weft.pg.codec.CodecRegistry;
import dev.weft.pg.codec.PgDecodeException;
import dev.weft.pg.codec.PgType;
import dev.weft.pg.codec.TypeCodec;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.types.PgArray;
import dev.weft.pg.types.PgBits;
import dev.weft.pg.types.PgComposite;
import dev.weft.pg.types.PgGeometry;
import dev.weft.pg.types.PgInet;
import dev.weft.pg.types.PgInterval;
import dev.weft.pg.types.PgMacAddress;
import dev.weft.pg.types.PgRange;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every codec against the real server: a value bound as a parameter must come back equal, the server's
 * own text cast of it must read as expected, and the server's parse of that text must decode to the value.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerRoundTripTest {
    private PgConnection conn;

    enum Mood { sad, ok, happy }

    public record Pair(String firstName, int age, List<String> tags) {
    }

    @BeforeAll
    void open(TestDatabase db) {
        db.execute("CREATE EXTENSION hstore; CREATE EXTENSION citext;"
                + "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');"
                + "CREATE TYPE pair AS (first_name text, age int, tags text[]);"
                + "CREATE DOMAIN positive AS int CHECK (VALUE > 0);"
                + "CREATE TYPE floatrange AS RANGE (subtype = float8)");
        conn = PgConnection.connect(db.uri("postgres", null));
        conn.execute("SET TimeZone TO 'UTC'");
    }

    @AfterAll
    void close() {
        conn.close();
    }

    /** Binds {@code value} as {@code type}; checks the echo, the server's text and the decode of that text. */
    private void roundTrip(String type, Object value, String serverText) {
        Object echoed = conn.queryOne("SELECT $1::" + type, value).get(0);
        assertThat(echoed).as("echo of %s as %s", value, type).isEqualTo(value);
        String text = conn.queryValue(String.class, "SELECT ($1::" + type + ")::text", value);
        assertThat(text).as("server text of %s as %s", value, type).isEqualTo(serverText);
        Object parsed = conn.queryOne("SELECT $1::text::" + type, serverText).get(0);
        assertThat(parsed).as("decode of '%s'::%s", serverText, type).isEqualTo(value);
    }

    @Test
    void scalars() {
        roundTrip("bool", true, "true");
        roundTrip("int2", Short.MIN_VALUE, "-32768");
        roundTrip("int4", Integer.MAX_VALUE, "2147483647");
        roundTrip("int8", Long.MIN_VALUE, "-9223372036854775808");
        roundTrip("oid", 4_294_967_295L, "4294967295");
        roundTrip("float4", Float.NaN, "NaN");
        roundTrip("float4", -0.0f, "-0");
        roundTrip("float8", Double.NEGATIVE_INFINITY, "-Infinity");
        roundTrip("float8", 1.0E308, "1e+308");
        roundTrip("money", new BigDecimal("-12.34"), conn.queryValue(String.class, "SELECT '-12.34'::money::text"));
        assertThat(conn.queryValue(String.class, "SELECT $1::money::numeric::text", new BigDecimal("-12.34")))
                .isEqualTo("-12.34");
    }

    @Test
    void numerics() {
        roundTrip("numeric", new BigDecimal("12345.678"), "12345.678");
        roundTrip("numeric", new BigDecimal("-0.000000012345"), "-0.000000012345");
        roundTrip("numeric", new BigDecimal("0.00"), "0.00");
        roundTrip("numeric", new BigDecimal("100000000000000000000"), "100000000000000000000");
        String huge = "9".repeat(1000) + "." + "1".repeat(300);
        roundTrip("numeric", new BigDecimal(huge), huge);
        BigDecimal tiny = BigDecimal.ONE.scaleByPowerOfTen(-16383);
        roundTrip("numeric", tiny, tiny.toPlainString());
        // a negative scale is sent as weight: 1.5E+3 is 1500
        assertThat(conn.queryValue(String.class, "SELECT $1::numeric::text", new BigDecimal("1.5E+3"))).isEqualTo("1500");
        assertThat(conn.queryValue(String.class, "SELECT $1::numeric::text", Double.NaN)).isEqualTo("NaN");
        assertThat(conn.queryValue(String.class, "SELECT $1::numeric::text", Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThatThrownBy(() -> conn.queryOne("SELECT 'NaN'::numeric").get(0)).isInstanceOf(PgDecodeException.class)
                .hasMessageContaining("NaN");
    }

    @Test
    void text() {
        roundTrip("text", "zürich ✓ 𝄞", "zürich ✓ 𝄞");
        roundTrip("varchar(10)", "abc", "abc");
        roundTrip("bpchar(4)", "ab  ", "ab"); // the cast to text drops bpchar padding
        roundTrip("name", "pg_class", "pg_class");
        roundTrip("citext", "MiXed", "MiXed");
        assertThat(conn.queryValue(Boolean.class, "SELECT $1::citext = 'mixed'", "MIXED")).isTrue();
        roundTrip("xml", "<a>1</a>", "<a>1</a>");
        roundTrip("json", "{\"a\" : [1,2]}", "{\"a\" : [1,2]}");
        roundTrip("jsonb", "{\"a\": [1, 2]}", "{\"a\": [1, 2]}");
        assertThat(conn.queryOne("SELECT 'a b'::tsvector").get(0)).isEqualTo("'a' 'b'");
    }

    @Test
    void byteaAndUuid() {
        byte[] bytes = {0, 1, (byte) 0xFF};
        assertThat((byte[]) conn.queryOne("SELECT $1::bytea", (Object) bytes).get(0)).containsExactly(bytes);
        assertThat(conn.queryValue(String.class, "SELECT $1::bytea::text", (Object) bytes)).isEqualTo("\\x0001ff");
        UUID id = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        roundTrip("uuid", id, id.toString());
    }

    @Test
    void datesAndTimes() {
        roundTrip("date", LocalDate.of(2000, 1, 1), "2000-01-01");
        roundTrip("date", LocalDate.of(-4713, 11, 24), "4714-11-24 BC");
        roundTrip("date", LocalDate.of(5874897, 12, 31), "5874897-12-31");
        roundTrip("date", LocalDate.MAX, "infinity");
        roundTrip("date", LocalDate.MIN, "-infinity");
        roundTrip("time", LocalTime.MAX, "24:00:00");
        roundTrip("time", LocalTime.of(23, 59, 59, 999_999_000), "23:59:59.999999");
        roundTrip("timetz", OffsetTime.of(12, 0, 0, 0, ZoneOffset.ofHours(2)), "12:00:00+02");
        roundTrip("timetz", OffsetTime.of(1, 2, 3, 0, ZoneOffset.ofHoursMinutes(-9, -30)), "01:02:03-09:30");
        roundTrip("timestamp", LocalDateTime.of(-4712, 1, 1, 0, 0), "4713-01-01 00:00:00 BC");
        roundTrip("timestamp", LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000), "294276-12-31 23:59:59.999999");
        roundTrip("timestamp", LocalDateTime.MAX, "infinity");
        roundTrip("timestamptz", OffsetDateTime.of(2024, 3, 31, 1, 30, 0, 123_456_000, ZoneOffset.UTC),
                "2024-03-31 01:30:00.123456+00");
        roundTrip("timestamptz", OffsetDateTime.MIN, "-infinity");
        assertThat(conn.queryValue(Instant.class, "SELECT $1::timestamptz", Instant.parse("1999-12-31T23:59:59.9999995Z")))
                .isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
    }

    @Test
    void sessionTimeZoneDoesNotChangeBinaryTimestamps() {
        conn.execute("SET TimeZone TO 'America/New_York'");
        try {
            assertThat(conn.queryOne("SELECT '2024-07-01 12:00:00+00'::timestamptz").get(0))
                    .isEqualTo(OffsetDateTime.of(2024, 7, 1, 12, 0, 0, 0, ZoneOffset.UTC));
            assertThat(conn.queryValue(String.class, "SELECT $1::timestamptz::text",
                    OffsetDateTime.of(2024, 7, 1, 12, 0, 0, 0, ZoneOffset.UTC))).isEqualTo("2024-07-01 08:00:00-04");
            assertThat(conn.queryOne("SELECT '2024-07-01 12:00:00'::timestamp").get(0))
                    .isEqualTo(LocalDateTime.of(2024, 7, 1, 12, 0));
        } finally {
            conn.execute("SET TimeZone TO 'UTC'");
        }
    }

    @Test
    void intervals() {
        roundTrip("interval", new PgInterval(14, 3, 14_706_500_000L), "1 year 2 mons 3 days 04:05:06.5");
        roundTrip("interval", new PgInterval(0, 0, -1), "-00:00:00.000001");
        roundTrip("interval", PgInterval.INFINITY, "infinity");
        assertThat(conn.queryValue(String.class, "SELECT $1::interval::text", Duration.ofMinutes(90))).isEqualTo("01:30:00");
    }

    @Test
    void arrays() {
        roundTrip("int4[]", PgArray.of(Arrays.asList(1, null, 3)), "{1,NULL,3}");
        roundTrip("text[]", PgArray.of(List.of()), "{}");
        roundTrip("text[]", PgArray.of(new int[] {2, 2}, new int[] {1, 1}, List.of("a", "b", "c", "d")),
                "{{a,b},{c,d}}");
        roundTrip("int8[]", PgArray.of(new int[] {2}, new int[] {0}, List.of(5L, 6L)), "[0:1]={5,6}");
        roundTrip("numeric[]", PgArray.of(List.of(new BigDecimal("1.5"))), "{1.5}");
        roundTrip("date[]", PgArray.of(List.of(LocalDate.of(2024, 2, 29))), "{2024-02-29}");
        assertThat(conn.queryValue(int[].class, "SELECT $1::int4[]", new int[] {4, 5})).containsExactly(4, 5);
        assertThat(conn.queryValue(String.class, "SELECT $1::int4[]::text", (Object) new long[][] {{1, 2}, {3, 4}}))
                .isEqualTo("{{1,2},{3,4}}");
        assertThat(conn.queryValue(Boolean.class, "SELECT 3 = ANY($1)", List.of(1, 2, 3))).isTrue();
    }

    @Test
    void enumsCompositesAndDomains() {
        roundTrip("mood", "happy", "happy");
        assertThat(conn.queryValue(Mood.class, "SELECT $1::mood", Mood.ok)).isEqualTo(Mood.ok);
        roundTrip("mood[]", PgArray.of(List.of("sad", "ok")), "{sad,ok}");
        var pair = new Pair("ann", 41, List.of("a", "b c"));
        var composite = new PgComposite("pair", List.of("first_name", "age", "tags"),
                Arrays.asList("ann", 41, PgArray.of(List.of("a", "b c"))));
        assertThat(conn.queryOne("SELECT $1::pair", pair).get(0)).isEqualTo(composite);
        roundTrip("pair", composite, "(ann,41,\"{a,\"\"b c\"\"}\")");
        assertThat(conn.queryValue(Pair.class, "SELECT ROW('bo', 7, NULL)::pair")).isEqualTo(new Pair("bo", 7, null));
        roundTrip("pair[]", PgArray.of(List.of(composite)), "{\"(ann,41,\\\"{a,\\\"\\\"b c\\\"\\\"}\\\")\"}");
        roundTrip("positive", 5, "5");
        PgComposite anonymous = (PgComposite) conn.queryOne("SELECT ROW(1, 'x', NULL::int, ROW(2.5::float8))").get(0);
        assertThat(anonymous.values()).containsExactly(1, "x", null,
                new PgComposite("record", List.of("f1"), List.of(2.5)));
    }

    @Test
    void rangesAndMultiranges() {
        roundTrip("int4range", PgRange.closedOpen(1, 10), "[1,10)");
        assertThat(conn.queryOne("SELECT $1::int4range", PgRange.closed(1, 5)).get(0)).isEqualTo(PgRange.closedOpen(1, 6));
        roundTrip("int8range", PgRange.empty(), "empty");
        roundTrip("numrange", PgRange.of(null, new BigDecimal("2.5"), false, true), "(,2.5]");
        roundTrip("daterange", PgRange.of(LocalDate.of(2024, 1, 1), null, true, false), "[2024-01-01,)");
        roundTrip("tstzrange", PgRange.closedOpen(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.MAX), "[\"2024-01-01 00:00:00+00\",infinity)");
        roundTrip("floatrange", PgRange.closed(0.5, 1.5), "[0.5,1.5]");
        roundTrip("int4multirange", List.of(PgRange.closedOpen(1, 3), PgRange.closedOpen(5, 7)), "{[1,3),[5,7)}");
        roundTrip("int4multirange", List.of(), "{}");
        roundTrip("floatmultirange", List.of(PgRange.closed(0.5, 1.5)), "{[0.5,1.5]}");
    }

    @Test
    void networkBitsGeometryAndHstore() throws Exception {
        roundTrip("inet", PgInet.parse("192.168.0.7/24"), "192.168.0.7/24");
        roundTrip("inet", PgInet.parse("::1"), "::1/128"); // text(inet) always shows the prefix
        roundTrip("cidr", PgInet.parse("10.0.0.0/8"), "10.0.0.0/8");
        assertThat(conn.queryValue(InetAddress.class, "SELECT $1::inet", InetAddress.getByName("127.0.0.1")))
                .isEqualTo(InetAddress.getByName("127.0.0.1"));
        roundTrip("macaddr", PgMacAddress.parse("08:00:2b:01:02:03"), "08:00:2b:01:02:03");
        roundTrip("macaddr8", PgMacAddress.parse("08:00:2b:01:02:03:04:05"), "08:00:2b:01:02:03:04:05");
        roundTrip("bit(3)", PgBits.parse("101"), "101");
        roundTrip("varbit", PgBits.parse("1".repeat(13)), "1".repeat(13));
        var p = new PgGeometry.Point(1, 2);
        var q = new PgGeometry.Point(3, 4);
        roundTrip("point", p, "(1,2)");
        roundTrip("line", new PgGeometry.Line(1, -1, 0.5), "{1,-1,0.5}");
        roundTrip("lseg", new PgGeometry.Lseg(p, q), "[(1,2),(3,4)]");
        roundTrip("box", new PgGeometry.Box(q, p), "(3,4),(1,2)");
        roundTrip("path", new PgGeometry.Path(List.of(p, q), true), "((1,2),(3,4))");
        roundTrip("path", new PgGeometry.Path(List.of(p, q), false), "[(1,2),(3,4)]");
        roundTrip("polygon", new PgGeometry.Polygon(List.of(p, q, new PgGeometry.Point(0, 0))), "((1,2),(3,4),(0,0))");
        roundTrip("circle", new PgGeometry.Circle(p, 2.5), "<(1,2),2.5>");
        Map<String, String> map = new LinkedHashMap<>();
        map.put("a", "1");
        map.put("b", null);
        roundTrip("hstore", map, "\"a\"=>\"1\", \"b\"=>NULL");
    }

    @Test
    void builtInOidsMatchTheServerCatalog() {
        for (int oid : Builtins.oids()) {
            String name = conn.queryValue(String.class, "SELECT typname::text FROM pg_type WHERE oid = $1", (long) oid);
            assertThat(name).as("pg_type name of oid %d", oid).isEqualTo(Builtins.byOid(oid).typeName());
        }
    }

    @Test
    void catalogQueriesDescribeTypesByNameAndOid() {
        var hstore = conn.queryOne(PgType.QUERY_BY_NAME, "hstore");
        assertThat(hstore.getString(1)).isEqualTo("hstore");
        assertThat(hstore.getString(3)).isEqualTo("b");
        var pair = conn.queryOne(PgType.QUERY_BY_NAME, "public.pair");
        assertThat(pair.getString(3)).isEqualTo("c");
        assertThat(pair.get(10, List.class)).containsExactly("first_name", "age", "tags");
        assertThat(pair.get(11, long[].class)).containsExactly(25L, 23L, 1009L);
        long multirange = conn.queryValue(Long.class, "SELECT 'floatmultirange'::regtype::oid");
        var multi = conn.queryOne(PgType.QUERY_BY_OID, multirange);
        assertThat(multi.getString(3)).isEqualTo("m");
        assertThat(multi.get(9, Long.class)).isEqualTo(701L);
        assertThat(conn.queryOne(PgType.QUERY_BY_NAME, "no_such_type")).isNull();
    }

    @Test
    void wholeRowReferencesDecodeThroughTheCatalog() {
        conn.execute("CREATE TABLE person (id int, name text, born date)");
        conn.execute("INSERT INTO person VALUES (1, 'ada', '1815-12-10')");
        PgComposite row = (PgComposite) conn.queryOne("SELECT p FROM person p").get(0);
        assertThat(row.typeName()).isEqualTo("person");
        assertThat(row.values()).containsExactly(1, "ada", LocalDate.of(1815, 12, 10));
    }

    /** A user codec found by type name: tsvector has no built-in codec, so it would otherwise be a String. */
    record Lexemes(List<String> words) {
    }

    @Test
    void userCodecsRegisteredByNameAreUsedBothWays(TestDatabase db) {
        var registry = CodecRegistry.create().register("tsvector", new TypeCodec<Lexemes>() {
            @Override
            public Class<Lexemes> javaType() {
                return Lexemes.class;
            }

            @Override
            public boolean binary() {
                return false;
            }

            @Override
            public void encode(Lexemes value, WriteBuffer out) {
                out.writeUtf8(String.join(" ", value.words()));
            }

            @Override
            public Lexemes decode(byte[] data, int offset, int length) {
                String text = new String(data, offset, length, StandardCharsets.UTF_8).replace("'", "");
                return new Lexemes(List.of(text.split(" ")));
            }
        });
        var options = PgConnectOptions.parse(db.uri("postgres", null)).toBuilder().codecs(registry).build();
        try (var custom = PgConnection.connect(options)) {
            assertThat(custom.queryOne("SELECT $1::tsvector", new Lexemes(List.of("b", "a"))).get(0))
                    .isEqualTo(new Lexemes(List.of("a", "b")));
        }
    }

    @Test
    void badBindValuesAreClearErrors() {
        assertThatThrownBy(() -> conn.queryOne("SELECT $1::int4", "42")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String").hasMessageContaining("int4");
        assertThat(conn.queryValue(Integer.class, "SELECT 1")).isEqualTo(1);
        assertThat(new String(conn.queryValue(String.class, "SELECT $1::text::tsvector::text", "b a")
                .getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo("'a' 'b'");
    }
}
