package dev.weft.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated requests (seeded, so every run is the same) must end in a parsed request or an
 * {@link HttpParseException}: never another exception, never a different result when fed in pieces.
 */
class ParserFuzzTest {
    private static final String[] SEEDS = {
            "GET /a?b=c HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n",
            "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
            "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\"b\"\r\nhello\r\n0\r\nT: v\r\n\r\n",
            "OPTIONS * HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    };
    private static final byte[] INTERESTING = " \t\r\n:;,\"\\0-9aAzZ\u00ff\u0000\u007f".getBytes(StandardCharsets.ISO_8859_1);
    private static final CodecLimits LIMITS = new CodecLimits(64, 512, 8, 32);

    @Test
    void mutatedRequestsEndInAResultOrAParseError() {
        var random = new Random(20261123);
        int refused = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] input = mutate(SEEDS[round % SEEDS.length].getBytes(StandardCharsets.ISO_8859_1), random);
            String whole = run(input, input.length);
            String pieces = run(input, 1 + random.nextInt(7));
            assertThat(pieces).as("round %d: %s", round, new String(input, StandardCharsets.ISO_8859_1)).isEqualTo(whole);
            if (whole.startsWith("refused")) {
                refused++;
            }
        }
        System.out.printf("parser fuzz: 20000 mutated requests, %d refused%n", refused);
        assertThat(refused).as("mutations mostly break something").isGreaterThan(5_000);
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(3)) {
                case 0 -> b[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                case 1 -> b[at] = (byte) random.nextInt(256);
                default -> {
                    byte[] shorter = new byte[b.length - 1];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
                    b = shorter.length == 0 ? b : shorter;
                }
            }
        }
        return b;
    }

    /** Parses one request with its body, fed {@code step} bytes at a time; describes the outcome. */
    private static String run(byte[] input, int step) {
        var parser = new HeadParser(LIMITS);
        var feed = new PieceFeed(input, step);
        RequestHead head = null;
        BodyDecoder body = null;
        var result = new StringBuilder();
        try {
            while (true) {
                if (head == null && feed.start < feed.buf.length) {
                    head = parser.parseRequest(feed.buf, feed.start, feed.buf.length);
                    if (head != null) {
                        feed.start += parser.consumed();
                        body = BodyDecoder.forRequest(head, LIMITS);
                        result.append(head.method()).append(' ').append(head.target()).append(' ')
                                .append(head.fields().size()).append('|');
                    }
                }
                while (body != null && !body.done()) {
                    int used = body.decode(feed.buf, feed.start, feed.buf.length);
                    result.append(new String(feed.buf, body.dataOffset(), body.dataLength(), StandardCharsets.ISO_8859_1));
                    feed.start += used;
                    if (used == 0) {
                        break;
                    }
                }
                if (body != null && body.done()) {
                    return result.append("|done").toString();
                }
                if (!feed.next()) {
                    return result.append("|incomplete").toString();
                }
            }
        } catch (HttpParseException e) {
            return "refused " + e.status();
        }
    }
}
