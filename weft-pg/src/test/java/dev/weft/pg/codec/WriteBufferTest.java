package dev.weft.pg.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class WriteBufferTest {

    @Test
    void writesBigEndianAndGrows() {
        var out = new WriteBuffer(1);
        out.writeByte(0xAB).writeShort(0x0102).writeInt(-2).writeLong(0x0102030405060708L).writeDouble(-0.0);
        assertThat(HexFormat.of().formatHex(out.toByteArray())).isEqualTo("ab" + "0102" + "fffffffe" + "0102030405060708" + "8000000000000000");
    }

    @Test
    void utf8MatchesTheJdkEncoderForAsciiMixedAndSurrogates() {
        for (String s : new String[] {"", "SELECT 1", "é", "abc ✓ def", "x𝄞y", "\u0000", "a".repeat(100) + "ü"}) {
            var out = new WriteBuffer(2);
            out.writeByte(7).writeUtf8(s);
            byte[] written = out.toByteArray();
            assertThat(java.util.Arrays.copyOfRange(written, 1, written.length)).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void lengthsCanBeBackFilledAndTruncated() {
        var out = new WriteBuffer(4);
        out.writeInt(0).writeCString("hi");
        out.setInt(0, out.position());
        assertThat(HexFormat.of().formatHex(out.toByteArray())).isEqualTo("00000007" + "686900");
        out.truncate(4);
        assertThat(out.position()).isEqualTo(4);
        assertThatThrownBy(() -> out.setInt(2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new WriteBuffer(0)).hasMessageContaining("initialCapacity <= 0: 0");
    }
}
