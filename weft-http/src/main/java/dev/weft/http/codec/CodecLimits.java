package dev.weft.http.codec;

/**
 * The bounds a parser enforces on one message head and on chunked framing. Immutable and thread-safe.
 *
 * @param maxRequestLineLength longest accepted request line (or status line), CRLF excluded; beyond it 414
 * @param maxHeaderSize        largest accepted head (start line and all field lines) or trailer section; beyond it 431
 * @param maxHeaderCount       most field lines in a head or trailer section; beyond it 431
 * @param maxChunkLineLength   longest chunk-size line, extensions included; beyond it 400 (extension abuse)
 */
public record CodecLimits(int maxRequestLineLength, int maxHeaderSize, int maxHeaderCount, int maxChunkLineLength) {
    /** 8 KiB request line, 32 KiB head, 100 fields, 1 KiB chunk-size lines. */
    public static final CodecLimits DEFAULT = new CodecLimits(8192, 32768, 100, 1024);

    /** Validates the components; a bad one throws {@link IllegalArgumentException} naming its value. */
    public CodecLimits {
        if (maxRequestLineLength < 16) {
            throw new IllegalArgumentException("maxRequestLineLength < 16: " + maxRequestLineLength);
        }
        if (maxHeaderSize < maxRequestLineLength) {
            throw new IllegalArgumentException("maxHeaderSize < maxRequestLineLength: " + maxHeaderSize);
        }
        if (maxHeaderCount < 1) {
            throw new IllegalArgumentException("maxHeaderCount < 1: " + maxHeaderCount);
        }
        if (maxChunkLineLength < 8) {
            throw new IllegalArgumentException("maxChunkLineLength < 8: " + maxChunkLineLength);
        }
    }
}
