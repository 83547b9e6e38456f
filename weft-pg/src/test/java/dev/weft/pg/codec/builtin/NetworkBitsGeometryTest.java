package dev.weft.pg.codec.builtin;

import static dev.weft.pg.codec.builtin.Wire.decode;
import static dev.weft.pg.codec.builtin.Wire.encode;
import static dev.weft.pg.codec.builtin.Wire.encodeParameter;
import static dev.weft.pg.codec.builtin.Wire.hex;
import static dev.weft.pg.codec.builtin.Wire.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.pg.codec.CodecRegistry;
import dev.weft.pg.codec.PgDecodeException;
import dev.weft.pg.codec.TypeCatalog;
import dev.weft.pg.types.PgBits;
import dev.weft.pg.types.PgGeometry;
import dev.weft.pg.types.PgInet;
import dev.weft.pg.types.PgMacAddress;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkBitsGeometryTest {
    private final CodecRegistry registry = CodecRegistry.create();

    @Test
    void inetAndCidrCarryFamilyPrefixFlagAndBytes() throws Exception {
        assertThat(hex(encode(NetworkCodecs.INET, PgInet.parse("192.168.0.7/24")))).isEqualTo("02180004c0a80007");
        assertThat(hex(encode(NetworkCodecs.CIDR, PgInet.parse("10.0.0.0/8")))).isEqualTo("020801040a000000");
        assertThat(hex(encode(NetworkCodecs.INET, PgInet.parse("::1")))).isEqualTo("03800010" + "0".repeat(30) + "01");
        assertThat(decode(NetworkCodecs.INET, hex("02180004c0a80007"))).isEqualTo(PgInet.parse("192.168.0.7/24"));
        assertThat(roundTrip(NetworkCodecs.CIDR, PgInet.parse("2001:db8::/32")).toString()).isEqualTo("2001:db8:0:0:0:0:0:0/32");
        assertThat(hex(encodeParameter(registry, 869, InetAddress.getByName("127.0.0.1")))).isEqualTo("022000047f000001");
        assertThat(registry.convert(PgInet.parse("10.1.2.3"), InetAddress.class))
                .isEqualTo(InetAddress.getByName("10.1.2.3"));
    }

    @Test
    void inetRejectsBadInput() {
        assertThatThrownBy(() -> PgInet.parse("10.0.0.1/33")).hasMessageContaining("prefix 33");
        assertThatThrownBy(() -> PgInet.parse("example.com")).hasMessageContaining("not a numeric IP address");
        assertThatThrownBy(() -> decode(NetworkCodecs.INET, hex("07180004c0a80007"))).isInstanceOf(PgDecodeException.class)
                .hasMessageContaining("family 7");
    }

    @Test
    void macAddressesAreRawBytes() {
        PgMacAddress mac = PgMacAddress.parse("08:00:2b:01:02:03");
        assertThat(hex(encode(NetworkCodecs.MACADDR, mac))).isEqualTo("08002b010203");
        assertThat(roundTrip(NetworkCodecs.MACADDR, mac)).isEqualTo(mac);
        assertThat(mac.toString()).isEqualTo("08:00:2b:01:02:03");
        // a 6-byte address bound to macaddr8 is widened as the server's macaddr::macaddr8 cast does
        assertThat(hex(encodeParameter(registry, 774, mac))).isEqualTo("08002bfffe010203");
        assertThatThrownBy(() -> registry.forParameter(829, PgMacAddress.parse("08:00:2b:ff:fe:01:02:03"),
                TypeCatalog.empty())).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> PgMacAddress.parse("08:00")).hasMessageContaining("6 or 8 bytes");
    }

    @Test
    void bitStringsPackMostSignificantFirst() {
        PgBits bits = PgBits.parse("101");
        assertThat(hex(encode(BitsCodec.VARBIT, bits))).isEqualTo("00000003" + "a0");
        assertThat(roundTrip(BitsCodec.BIT, PgBits.parse("1".repeat(17)))).isEqualTo(PgBits.parse("1".repeat(17)));
        assertThat(roundTrip(BitsCodec.VARBIT, PgBits.parse(""))).isEqualTo(PgBits.parse(""));
        assertThat(bits.get(0)).isTrue();
        assertThat(bits.get(1)).isFalse();
        assertThat(PgBits.of(3, new byte[] {(byte) 0xFF}).toString()).isEqualTo("111");
        assertThat(PgBits.of(3, new byte[] {(byte) 0xFF}).bytes()).containsExactly((byte) 0xE0);
        assertThatThrownBy(() -> PgBits.parse("102")).hasMessageContaining("'2' at 2");
        assertThatThrownBy(() -> decode(BitsCodec.BIT, hex("00000009" + "ff"))).isInstanceOf(PgDecodeException.class);
    }

    @Test
    void geometryIsFloat8Coordinates() {
        var p = new PgGeometry.Point(1, 2);
        assertThat(hex(encode(GeometryCodecs.POINT, p))).isEqualTo("3ff0000000000000" + "4000000000000000");
        assertThat(p.toString()).isEqualTo("(1,2)");
        assertThat(roundTrip(GeometryCodecs.LINE, new PgGeometry.Line(1, -1, 0.5))).isEqualTo(new PgGeometry.Line(1, -1, 0.5));
        var q = new PgGeometry.Point(-3.5, Double.MAX_VALUE);
        assertThat(roundTrip(GeometryCodecs.LSEG, new PgGeometry.Lseg(p, q))).isEqualTo(new PgGeometry.Lseg(p, q));
        assertThat(roundTrip(GeometryCodecs.BOX, new PgGeometry.Box(p, q))).isEqualTo(new PgGeometry.Box(p, q));
        var path = new PgGeometry.Path(List.of(p, q), true);
        assertThat(hex(encode(GeometryCodecs.PATH, path))).startsWith("01" + "00000002");
        assertThat(roundTrip(GeometryCodecs.PATH, path)).isEqualTo(path);
        var polygon = new PgGeometry.Polygon(List.of(p, q, new PgGeometry.Point(0, 0)));
        assertThat(roundTrip(GeometryCodecs.POLYGON, polygon)).isEqualTo(polygon);
        var circle = new PgGeometry.Circle(p, 2.5);
        assertThat(roundTrip(GeometryCodecs.CIRCLE, circle)).isEqualTo(circle);
        assertThatThrownBy(() -> new PgGeometry.Line(0, 0, 1)).hasMessageContaining("a or b");
        assertThatThrownBy(() -> new PgGeometry.Circle(p, -1)).hasMessageContaining("negative");
        assertThatThrownBy(() -> decode(GeometryCodecs.POLYGON, hex("00000002" + "3ff0000000000000")))
                .isInstanceOf(PgDecodeException.class).hasMessageContaining("2 points");
    }
}
