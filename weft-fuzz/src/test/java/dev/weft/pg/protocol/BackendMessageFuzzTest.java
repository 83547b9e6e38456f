package dev.weft.pg.protocol;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.pg.PgProtocolException;

/**
 * Every backend message body a server (or something pretending to be one) can send, decoded as the
 * session does once the five-byte header has framed it: any type byte and body end in a message or
 * {@link PgProtocolException}, never an index, allocation or arithmetic error.
 */
class BackendMessageFuzzTest {
    private static final char[] TYPES = "DCZT123nsItENSKARGHWdcvXx".toCharArray();

    @FuzzTest
    void message(FuzzedDataProvider fuzz) {
        char type = fuzz.pickValue(TYPES);
        int offset = fuzz.consumeInt(0, 3);
        byte[] frame = fuzz.consumeRemainingAsBytes();
        if (offset > frame.length) {
            offset = frame.length;
        }
        try {
            BackendDecoder.decode(type, frame, offset, frame.length - offset);
        } catch (PgProtocolException refused) {
            // malformed message, reported as a protocol error
        }
    }
}
