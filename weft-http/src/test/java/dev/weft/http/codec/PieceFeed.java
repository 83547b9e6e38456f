package dev.weft.http.codec;

/**
 * Test input handed to a parser a few bytes at a time, the way a connection's reads arrive: each piece
 * goes after the bytes not consumed yet, in a new array, so that parsers also see their region move.
 * The caller reads {@link #buf} from {@link #start} and advances {@code start} by what it consumed.
 */
final class PieceFeed {
    private final byte[] input;
    private final int step;
    private int fed;
    /** The bytes received and not yet dropped. */
    byte[] buf = new byte[0];
    /** Where the unconsumed bytes of {@link #buf} start. */
    int start;

    PieceFeed(byte[] input, int step) {
        this.input = input;
        this.step = step;
    }

    /** Whether every input byte has been handed over. */
    boolean exhausted() {
        return fed == input.length;
    }

    /** Appends the next piece after the unconsumed bytes; false when the input was all handed over. */
    boolean next() {
        if (exhausted()) {
            return false;
        }
        int n = Math.min(step, input.length - fed);
        byte[] grown = new byte[buf.length - start + n];
        System.arraycopy(buf, start, grown, 0, buf.length - start);
        System.arraycopy(input, fed, grown, buf.length - start, n);
        buf = grown;
        start = 0;
        fed += n;
        return true;
    }
}
