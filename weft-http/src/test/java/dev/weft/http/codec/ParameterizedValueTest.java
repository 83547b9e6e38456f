package dev.weft.http.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import org.junit.jupiter.api.Test;

/** Content-Type and Content-Disposition values as the server and the client read them. */
class ParameterizedValueTest {
    @Test
    void lowerCasesTheValueAndFindsParametersWithoutCase() {
        var type = ParameterizedValue.parse(" Text/HTML ; Charset = \"UTF-8\" ;level=1");
        assertThat(type.value()).isEqualTo("text/html");
        assertThat(type.parameter("CHARSET")).isEqualTo("UTF-8");
        assertThat(type.parameter("level")).isEqualTo("1");
        assertThat(type.parameter("boundary")).isNull();
        assertThat(type.charset()).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void quotedValuesKeepSemicolonsAndResolveEscapes() {
        var disposition = ParameterizedValue.parse("form-data; filename=\"a;b \\\"c\\\".txt\"; name=file");
        assertThat(disposition.value()).isEqualTo("form-data");
        assertThat(disposition.parameter("filename")).isEqualTo("a;b \"c\".txt");
        assertThat(disposition.parameter("name")).isEqualTo("file");
    }

    @Test
    void skipsValuelessParametersAndKeepsTheFirstOfRepeatedNames() {
        var type = ParameterizedValue.parse("multipart/form-data; junk; boundary=abc; boundary=def;");
        assertThat(type.parameter("boundary")).isEqualTo("abc");
        assertThat(type.parameters()).containsOnlyKeys("boundary");
    }

    @Test
    void absentFieldAndUnknownCharsets() {
        assertThat(ParameterizedValue.parse(null)).isNull();
        assertThat(ParameterizedValue.valueOf(null)).isNull();
        assertThat(ParameterizedValue.valueOf("Application/JSON; q=1")).isEqualTo("application/json");
        assertThat(ParameterizedValue.charsetOf(null)).isEqualTo(StandardCharsets.UTF_8);
        assertThat(ParameterizedValue.charsetOf("text/plain; charset=ISO-8859-1")).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(ParameterizedValue.parse("application/json").charset()).isNull();
        assertThatThrownBy(() -> ParameterizedValue.parse("text/plain; charset=no-such-charset").charset())
                .isInstanceOf(UnsupportedCharsetException.class).hasMessageContaining("no-such-charset");
        assertThatThrownBy(() -> ParameterizedValue.parse("text/plain; charset=\"\"").charset())
                .isInstanceOf(UnsupportedCharsetException.class);
    }
}
