package dev.weft.http.client;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Server-Sent Events as the client parses them, line by line (the WHATWG event-stream rules): any
 * lines end in events or nothing, never an exception, whatever fields, retry values or ids they carry.
 */
class EventStreamFuzzTest {
    @FuzzTest
    void lines(FuzzedDataProvider fuzz) {
        var parser = new EventStreamParser();
        while (fuzz.remainingBytes() > 0) {
            parser.line(fuzz.consumeString(200));
        }
    }
}
