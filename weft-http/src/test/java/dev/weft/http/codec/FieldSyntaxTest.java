package dev.weft.http.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import org.junit.jupiter.api.Test;

/** Tokens and field values as the server, the client and the WebSocket handshake write them. */
class FieldSyntaxTest {
    @Test
    void tokensAreTheRfc9110Set() {
        assertThat(FieldSyntax.isToken("X-Custom_1.0!#$%&'*+-^`|~")).isTrue();
        assertThat(FieldSyntax.isToken("GET")).isTrue();
        assertThat(FieldSyntax.isToken("")).isFalse();
        assertThat(FieldSyntax.isToken(null)).isFalse();
        for (char delimiter : "\"(),/:;<=>?@[\\]{} \t".toCharArray()) {
            assertThat(FieldSyntax.isToken("a" + delimiter + "b")).as("with %s", delimiter).isFalse();
        }
        assertThat(FieldSyntax.isToken("caf\u00e9")).isFalse();
        assertThat(FieldSyntax.isTokenChar(0x7F)).isFalse();
        assertThat(FieldSyntax.isTokenChar(-1)).isFalse();
        assertThat(FieldSyntax.isTokenChar('\u0147')).as("a char whose low byte is a letter").isFalse();
    }

    @Test
    void fieldValuesRefuseWhatWouldSplitTheHead() {
        assertThatNoException().isThrownBy(() -> FieldSyntax.checkField("X-A", "tab\tand space, caf\u00e9"));
        assertThatThrownBy(() -> FieldSyntax.checkField("X-A", "a\r\nSet-Cookie: evil=1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid character 0xd in the value of header X-A");
        assertThatThrownBy(() -> FieldSyntax.checkField("X-A", "nul\0")).hasMessageContaining("0x0");
        assertThatThrownBy(() -> FieldSyntax.checkField("X-A", "del\u007f")).hasMessageContaining("0x7f");
        assertThatThrownBy(() -> FieldSyntax.checkField("X-A", "\u20ac")).hasMessageContaining("0x20ac");
        assertThatThrownBy(() -> FieldSyntax.checkField("Bad Name", "v"))
                .hasMessage("header name is not an HTTP token: \"Bad Name\"");
        assertThatThrownBy(() -> FieldSyntax.checkField("", "v")).isInstanceOf(IllegalArgumentException.class);
    }
}
