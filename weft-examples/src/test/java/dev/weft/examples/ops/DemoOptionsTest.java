package dev.weft.examples.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {
    @Test
    void trustsNoProxyUnlessTold() {
        assertThat(DemoOptions.parse(List.of(), Map.of()).trustedProxies()).isEmpty();
    }

    @Test
    void readsTheTrustedProxiesAsACommaSeparatedList() {
        DemoOptions options = DemoOptions.parse(List.of(), Map.of("TRUSTED_PROXIES", " 127.0.0.1/32, ::1 ,10.0.0.0/8"));
        assertThat(options.trustedProxies()).containsExactly("127.0.0.1/32", "::1", "10.0.0.0/8");
    }

    @Test
    void aBadProxyBlockIsAUsageErrorNamingIt() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of(), Map.of("TRUSTED_PROXIES", "127.0.0.1/32,10.0.0.1/8")))
                .isInstanceOf(DemoOptions.UsageError.class)
                .hasMessageStartingWith("TRUSTED_PROXIES: ")
                .hasMessageContaining("10.0.0.1/8");
    }
}
