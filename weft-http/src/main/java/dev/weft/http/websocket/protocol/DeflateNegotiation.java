package dev.weft.http.websocket.protocol;

import dev.weft.http.websocket.DeflateOptions;
import dev.weft.http.websocket.WebSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The server's side of the permessage-deflate negotiation (RFC 7692 §5-7.1): picks the client's first
 * offer this server can honour and writes the response element. Offers with unknown, repeated or
 * invalid parameters are declined (§5.1), as is {@code server_max_window_bits} below 15, which the
 * JDK {@link java.util.zip.Deflater} cannot honour.
 */
final class DeflateNegotiation {
    static final String EXTENSION = "permessage-deflate";

    /** What was agreed and the {@code Sec-WebSocket-Extensions} element that says so. */
    record Agreement(DeflateParameters parameters, String responseElement) {
    }

    private DeflateNegotiation() {
    }

    /** The agreement for the first acceptable offer, or null when none is (no compression then). */
    static Agreement negotiate(List<ExtensionOffer> offers, DeflateOptions options) {
        if (!options.enabled()) {
            return null;
        }
        for (ExtensionOffer offer : offers) {
            if (offer.name().equalsIgnoreCase(EXTENSION)) {
                Agreement agreement = accept(offer, options);
                if (agreement != null) {
                    return agreement;
                }
            }
        }
        return null;
    }

    private static Agreement accept(ExtensionOffer offer, DeflateOptions options) {
        boolean serverNoContextTakeover = options.serverNoContextTakeover();
        boolean clientNoContextTakeover = options.clientNoContextTakeover();
        boolean serverWindowOffered = false;
        int clientWindowLimit = -1; // -1: the client cannot be asked to limit its window
        Set<String> seen = new HashSet<>();
        for (ExtensionOffer.Parameter parameter : offer.parameters()) {
            String name = parameter.name().toLowerCase(java.util.Locale.ROOT);
            if (!seen.add(name)) {
                return null;
            }
            switch (name) {
                case "server_no_context_takeover" -> {
                    if (parameter.value() != null) {
                        return null;
                    }
                    serverNoContextTakeover = true;
                }
                case "client_no_context_takeover" -> {
                    if (parameter.value() != null) {
                        return null;
                    }
                    clientNoContextTakeover = true;
                }
                case "server_max_window_bits" -> {
                    if (windowBits(parameter.value()) != 15) {
                        return null; // also when invalid; a smaller window cannot be honoured
                    }
                    serverWindowOffered = true;
                }
                case "client_max_window_bits" -> {
                    int bits = parameter.value() == null ? 15 : windowBits(parameter.value());
                    if (bits < 0) {
                        return null;
                    }
                    clientWindowLimit = bits;
                }
                default -> {
                    return null;
                }
            }
        }
        int clientWindow = clientWindowLimit < 0 ? 15 : Math.min(clientWindowLimit, options.clientMaxWindowBits());
        StringBuilder response = new StringBuilder(EXTENSION);
        if (serverNoContextTakeover) {
            response.append("; server_no_context_takeover");
        }
        if (clientNoContextTakeover) {
            response.append("; client_no_context_takeover");
        }
        if (serverWindowOffered) {
            response.append("; server_max_window_bits=15");
        }
        if (clientWindowLimit >= 0 && clientWindow < 15) {
            response.append("; client_max_window_bits=").append(clientWindow);
        }
        return new Agreement(new DeflateParameters(serverNoContextTakeover, clientNoContextTakeover, 15, clientWindow),
                response.toString());
    }

    /** RFC 7692 §7.1.2: 8-15 in decimal without leading zeros; -1 when invalid. */
    private static int windowBits(String value) {
        if (value == null || value.isEmpty() || value.length() > 2 || value.charAt(0) == '0') {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return -1;
            }
        }
        int bits = Integer.parseInt(value);
        return bits >= 8 && bits <= 15 ? bits : -1;
    }
}
