package dev.weft.http.websocket.protocol;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Byte-array helpers for the frame tests: hex vectors as the RFCs print them. */
final class Bytes {
    private Bytes() {
    }

    /** Parses "0x81 0x05 ..." or "81 05 ..." into bytes. */
    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace("0x", "").replace(" ", ""));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
