package dev.weft.http.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.weft.http.websocket.DeflateOptions;
import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ServerHandshakeTest {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    /** A case-insensitive multimap built from "Name: value" lines, as an HTTP server would provide. */
    private static Function<String, List<String>> headers(String... lines) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line : lines) {
            int colon = line.indexOf(':');
            map.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
        }
        return name -> map.getOrDefault(name, List.of());
    }

    private static List<String> valid(String... extra) {
        List<String> lines = new ArrayList<>(List.of("Host: example.com", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13"));
        lines.addAll(List.of(extra));
        return lines;
    }

    private static HandshakeResult negotiate(List<String> lines, WebSocketOptions options) {
        return ServerHandshake.negotiate("GET", "HTTP/1.1", headers(lines.toArray(String[]::new)), options);
    }

    private static HandshakeResult.Accepted accepted(List<String> lines, WebSocketOptions options) {
        HandshakeResult result = negotiate(lines, options);
        assertThat(result).isInstanceOf(HandshakeResult.Accepted.class);
        return (HandshakeResult.Accepted) result;
    }

    private static HandshakeResult.Rejected rejected(HandshakeResult result, int status) {
        assertThat(result).isInstanceOfSatisfying(HandshakeResult.Rejected.class, r -> assertThat(r.status()).isEqualTo(status));
        return (HandshakeResult.Rejected) result;
    }

    @Test
    void acceptsTheRfc6455ExampleWithTheRfcAcceptValue() {
        HandshakeResult.Accepted accepted = accepted(valid(), WebSocketOptions.defaults());
        assertThat(accepted.responseHeaders()).containsExactly(entry("Upgrade", "websocket"),
                entry("Connection", "Upgrade"), entry("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
        assertThat(accepted.subprotocol()).isNull();
        assertThat(accepted.deflate()).isNull();
    }

    @Test
    void matchesUpgradeAndConnectionTokensCaseInsensitivelyInLists() {
        accepted(List.of("Upgrade: h2c, WebSocket", "Connection: keep-alive, UPGRADE", "Sec-WebSocket-Key: " + KEY,
                "Sec-WebSocket-Version: 13"), WebSocketOptions.defaults());
    }

    @Test
    void rejectsOtherMethodsWith405AndAllow() {
        HandshakeResult result = ServerHandshake.negotiate("POST", "HTTP/1.1", headers(valid().toArray(String[]::new)),
                WebSocketOptions.defaults());
        assertThat(rejected(result, 405).headers()).containsExactly(entry("Allow", "GET"));
    }

    @Test
    void rejectsHttp10() {
        HandshakeResult result = ServerHandshake.negotiate("GET", "HTTP/1.0", headers(valid().toArray(String[]::new)),
                WebSocketOptions.defaults());
        assertThat(rejected(result, 400).reason()).contains("HTTP/1.1");
        assertThat(ServerHandshake.negotiate("GET", "HTTP/2.0", headers(valid().toArray(String[]::new)),
                WebSocketOptions.defaults())).isInstanceOf(HandshakeResult.Accepted.class);
    }

    @Test
    void rejectsMissingOrWrongUpgradeAndConnection() {
        List<String> noUpgrade = new ArrayList<>(valid());
        noUpgrade.remove("Upgrade: websocket");
        assertThat(rejected(negotiate(noUpgrade, WebSocketOptions.defaults()), 400).reason()).contains("Upgrade");
        List<String> wrongConnection = new ArrayList<>(valid());
        wrongConnection.set(wrongConnection.indexOf("Connection: Upgrade"), "Connection: keep-alive");
        assertThat(rejected(negotiate(wrongConnection, WebSocketOptions.defaults()), 400).reason()).contains("Connection");
    }

    @Test
    void rejectsBadKeys() {
        for (String key : List.of("c2hvcnQ=", "not base64!!", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")) {
            List<String> lines = new ArrayList<>(valid());
            lines.set(lines.indexOf("Sec-WebSocket-Key: " + KEY), "Sec-WebSocket-Key: " + key);
            assertThat(rejected(negotiate(lines, WebSocketOptions.defaults()), 400).reason()).as(key).contains("Sec-WebSocket-Key");
        }
        List<String> twoKeys = valid("Sec-WebSocket-Key: " + KEY);
        rejected(negotiate(twoKeys, WebSocketOptions.defaults()), 400);
        List<String> noKey = new ArrayList<>(valid());
        noKey.remove("Sec-WebSocket-Key: " + KEY);
        assertThat(rejected(negotiate(noKey, WebSocketOptions.defaults()), 400).reason()).contains("missing");
    }

    @Test
    void rejectsOtherVersionsWith426NamingVersion13() {
        List<String> lines = new ArrayList<>(valid());
        lines.set(lines.indexOf("Sec-WebSocket-Version: 13"), "Sec-WebSocket-Version: 8");
        HandshakeResult.Rejected rejected = rejected(negotiate(lines, WebSocketOptions.defaults()), 426);
        assertThat(rejected.headers()).contains(entry("Sec-WebSocket-Version", "13"));
        lines.remove("Sec-WebSocket-Version: 8");
        rejected(negotiate(lines, WebSocketOptions.defaults()), 400);
    }

    @Test
    void choosesTheClientsFirstSupportedSubprotocol() {
        WebSocketOptions options = WebSocketOptions.builder().subprotocols(List.of("chat.v1", "chat.v2")).build();
        HandshakeResult.Accepted accepted = accepted(valid("Sec-WebSocket-Protocol: mqtt, chat.v2",
                "Sec-WebSocket-Protocol: chat.v1"), options);
        assertThat(accepted.subprotocol()).isEqualTo("chat.v2");
        assertThat(accepted.responseHeaders()).contains(entry("Sec-WebSocket-Protocol", "chat.v2"));
        HandshakeResult.Accepted none = accepted(valid("Sec-WebSocket-Protocol: mqtt"), options);
        assertThat(none.subprotocol()).isNull();
        assertThat(none.responseHeaders()).extracting(Map.Entry::getKey).doesNotContain("Sec-WebSocket-Protocol");
    }

    private static String extensionsHeader(HandshakeResult.Accepted accepted) {
        return accepted.responseHeaders().stream().filter(e -> e.getKey().equals("Sec-WebSocket-Extensions"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    @Test
    void acceptsPlainPermessageDeflate() {
        HandshakeResult.Accepted accepted = accepted(valid("Sec-WebSocket-Extensions: permessage-deflate"),
                WebSocketOptions.defaults());
        assertThat(extensionsHeader(accepted)).isEqualTo("permessage-deflate");
        assertThat(accepted.deflate()).isEqualTo(new DeflateParameters(false, false, 15, 15));
    }

    @Test
    void acceptsWhatBrowsersAndPythonClientsOffer() {
        HandshakeResult.Accepted accepted = accepted(valid(
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"), WebSocketOptions.defaults());
        assertThat(extensionsHeader(accepted)).isEqualTo("permessage-deflate");
        HandshakeResult.Accepted limited = accepted(valid(
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"),
                WebSocketOptions.builder().deflate(DeflateOptions.DEFAULT.withClientMaxWindowBits(10)).build());
        assertThat(extensionsHeader(limited)).isEqualTo("permessage-deflate; client_max_window_bits=10");
        assertThat(limited.deflate().clientMaxWindowBits()).isEqualTo(10);
    }

    @Test
    void echoesNoContextTakeoverAndAcceptsServerWindow15() {
        HandshakeResult.Accepted accepted = accepted(valid("Sec-WebSocket-Extensions: permessage-deflate; "
                + "server_no_context_takeover; client_no_context_takeover; server_max_window_bits=15"),
                WebSocketOptions.defaults());
        assertThat(extensionsHeader(accepted)).isEqualTo("permessage-deflate; server_no_context_takeover; "
                + "client_no_context_takeover; server_max_window_bits=15");
        assertThat(accepted.deflate()).isEqualTo(new DeflateParameters(true, true, 15, 15));
    }

    @Test
    void declinesAServerWindowItCannotHonourAndFallsBackToTheNextOffer() {
        HandshakeResult.Accepted accepted = accepted(valid("Sec-WebSocket-Extensions: "
                + "permessage-deflate; server_max_window_bits=10, permessage-deflate"), WebSocketOptions.defaults());
        assertThat(extensionsHeader(accepted)).isEqualTo("permessage-deflate");
        HandshakeResult.Accepted declined = accepted(valid(
                "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10"), WebSocketOptions.defaults());
        assertThat(declined.deflate()).isNull();
        assertThat(extensionsHeader(declined)).isNull();
    }

    @Test
    void declinesOffersWithUnknownRepeatedOrInvalidParameters() {
        for (String offer : List.of("permessage-deflate; foo", "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
                "permessage-deflate; client_max_window_bits=16", "permessage-deflate; client_max_window_bits=08",
                "permessage-deflate; server_no_context_takeover=1", "x-webkit-deflate-frame")) {
            assertThat(accepted(valid("Sec-WebSocket-Extensions: " + offer), WebSocketOptions.defaults()).deflate())
                    .as(offer).isNull();
        }
    }

    @Test
    void acceptsQuotedParameterValues() {
        HandshakeResult.Accepted accepted = accepted(valid(
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=\"12\""),
                WebSocketOptions.builder().deflate(DeflateOptions.DEFAULT.withClientMaxWindowBits(8)).build());
        assertThat(accepted.deflate().clientMaxWindowBits()).isEqualTo(8);
    }

    @Test
    void rejectsAMalformedExtensionsHeader() {
        HandshakeResult.Rejected rejected = rejected(negotiate(valid("Sec-WebSocket-Extensions: permessage-deflate; ;"),
                WebSocketOptions.defaults()), 400);
        assertThat(rejected.reason().toLowerCase(Locale.ROOT)).contains("sec-websocket-extensions");
    }

    @Test
    void ignoresOffersWhenCompressionIsDisabled() {
        assertThat(accepted(valid("Sec-WebSocket-Extensions: permessage-deflate"),
                WebSocketOptions.builder().deflate(DeflateOptions.DISABLED).build()).deflate()).isNull();
    }

    @Test
    void optionsValidateTheirValues() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebSocketOptions.builder().maxMessageSize(0).build())
                .hasMessageContaining("maxMessageSize <= 0: 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebSocketOptions.builder().subprotocols(List.of("a b")).build())
                .hasMessageContaining("a b");
        assertThat(WebSocketOptions.builder().maxMessageSize(100).build().maxFrameSize()).isEqualTo(100);
        assertThat(WebSocketOptions.builder().maxFrameSize(10).maxMessageSize(100).build().maxFrameSize()).isEqualTo(10);
    }
}
