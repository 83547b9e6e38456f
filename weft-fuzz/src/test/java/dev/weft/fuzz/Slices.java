package dev.weft.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/**
 * Feeds a decoder the way a socket does: the fuzzer picks where the reads end, so state carried between
 * calls (a size line cut in two, a frame header split across reads) is explored as well as whole inputs.
 */
public final class Slices {
    private Slices() {
    }

    /** Sink for one read's worth of bytes; returns how many it consumed (0: it needs more). */
    @FunctionalInterface
    public interface Decoder {
        int decode(byte[] buf, int start, int end);
    }

    /**
     * Runs {@code decoder} over {@code data} in reads whose lengths the fuzzer chooses (taken first from
     * {@code fuzz}); stops when the decoder wants more bytes than are left, or reports it is done.
     * Fails (an {@link AssertionError} the fuzzer reports) if the decoder claims more than it was given.
     */
    public static void feed(FuzzedDataProvider fuzz, byte[] data, Decoder decoder, java.util.function.BooleanSupplier done) {
        int start = 0;
        int readEnd = 0;
        while (!done.getAsBoolean()) {
            if (readEnd < data.length) {
                readEnd = Math.min(data.length, readEnd + 1 + fuzz.consumeInt(0, 64));
            }
            int used = decoder.decode(data, start, readEnd);
            if (used < 0 || used > readEnd - start) {
                throw new AssertionError("decoder consumed " + used + " of " + (readEnd - start) + " bytes");
            }
            start += used;
            if (used == 0 && readEnd == data.length) {
                return;
            }
        }
    }
}
