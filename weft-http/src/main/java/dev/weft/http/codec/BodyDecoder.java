package dev.weft.http.codec;

import java.util.Arrays;

/**
 * Finds the body bytes of one message in its framing: a fixed {@code Content-Length}, or the chunked
 * transfer coding (RFC 9112 section 7.1) with strict chunk sizes, bounded chunk extensions and a
 * trailer section. It does no I/O and copies no body bytes: each {@link #decode} call reports where
 * the next run of body bytes lies in the caller's buffer. Not thread-safe: one per message.
 *
 * {@snippet :
 * int used = decoder.decode(buf, start, end);  // 0 and !done(): read more bytes first
 * sink.write(buf, decoder.dataOffset(), decoder.dataLength());
 * start += used;
 * }
 */
public final class BodyDecoder {
    private enum State { FIXED, UNTIL_CLOSE, SIZE_LINE, DATA, DATA_END, TRAILERS, DONE }

    private final CodecLimits limits;
    private State state;
    private long remaining;
    private int dataOffset;
    private int dataLength;
    private FieldBlock trailers = FieldBlock.EMPTY;

    private BodyDecoder(CodecLimits limits, State state, long remaining) {
        this.limits = limits;
        this.state = state;
        this.remaining = remaining;
    }

    /** A decoder for exactly {@code length} bytes. */
    public static BodyDecoder fixed(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length < 0: " + length);
        }
        return new BodyDecoder(CodecLimits.DEFAULT, length == 0 ? State.DONE : State.FIXED, length);
    }

    /** A decoder for a chunked body, enforcing the chunk-line and trailer limits of {@code limits}. */
    public static BodyDecoder chunked(CodecLimits limits) {
        return new BodyDecoder(limits, State.SIZE_LINE, 0);
    }

    /**
     * The decoder for the body of {@code head}, a response to a {@code requestMethod} request (RFC 9112
     * section 6.3): none after HEAD or with 1xx, 204 and 304; chunked; {@code Content-Length}; otherwise
     * everything until the connection closes (see {@link #finish()}).
     */
    public static BodyDecoder forResponse(ResponseHead head, String requestMethod, CodecLimits limits) {
        if (!head.hasBody(requestMethod)) {
            return fixed(0);
        }
        if (head.chunked()) {
            return chunked(limits);
        }
        return head.contentLength() >= 0 ? fixed(head.contentLength())
                : new BodyDecoder(limits, State.UNTIL_CLOSE, 0);
    }

    /** Whether the body ends only when the connection closes (a response without length). */
    public boolean closeDelimited() {
        return state == State.UNTIL_CLOSE;
    }

    /**
     * Tells the decoder the input ended: completes a close-delimited body.
     *
     * @throws HttpParseException when the body was not complete (a truncated message)
     */
    public void finish() {
        if (state == State.UNTIL_CLOSE) {
            state = State.DONE;
        } else if (state != State.DONE) {
            throw HttpParseException.badRequest("message body truncated");
        }
    }

    /** The decoder for the body that {@code head} announces (an empty one when it announces none). */
    public static BodyDecoder forRequest(RequestHead head, CodecLimits limits) {
        return head.chunked() ? chunked(limits) : fixed(Math.max(0, head.contentLength()));
    }

    /** Whether the whole body, trailers included, has been decoded. */
    public boolean done() {
        return state == State.DONE;
    }

    /** Where the body bytes found by the last {@link #decode} call start in the buffer. */
    public int dataOffset() {
        return dataOffset;
    }

    /** How many body bytes the last {@link #decode} call found (0 when it only consumed framing). */
    public int dataLength() {
        return dataLength;
    }

    /** The trailer fields of a chunked body; empty until {@link #done()} and for other bodies. */
    public FieldBlock trailers() {
        return trailers;
    }

    /**
     * Decodes from {@code buf[start, end)}; afterwards {@link #dataOffset()}/{@link #dataLength()} give
     * the body bytes found, at most one run per call.
     *
     * @return how many bytes were consumed; 0 with {@code !done()} means more bytes are needed
     * @throws HttpParseException on malformed chunked framing
     */
    public int decode(byte[] buf, int start, int end) {
        dataLength = 0;
        dataOffset = start;
        return switch (state) {
            case FIXED, DATA -> data(start, end);
            case UNTIL_CLOSE -> {
                dataLength = end - start;
                yield end - start;
            }
            case SIZE_LINE -> sizeLine(buf, start, end);
            case DATA_END -> dataEnd(buf, start, end);
            case TRAILERS -> trailers(buf, start, end);
            case DONE -> 0;
        };
    }

    private int data(int start, int end) {
        int n = (int) Math.min(remaining, end - start);
        dataLength = n;
        remaining -= n;
        if (remaining == 0) {
            state = state == State.FIXED ? State.DONE : State.DATA_END;
        }
        return n;
    }

    private int dataEnd(byte[] buf, int start, int end) {
        if (end - start >= 1 && buf[start] != Chars.CR || end - start >= 2 && buf[start + 1] != Chars.LF) {
            throw HttpParseException.badRequest("missing CRLF after chunk data");
        }
        if (end - start < 2) {
            return 0;
        }
        state = State.SIZE_LINE;
        return 2;
    }

    private int sizeLine(byte[] buf, int start, int end) {
        int cr = findCrlf(buf, start, end);
        if (cr < 0) {
            if (end - start > limits.maxChunkLineLength()) {
                throw HttpParseException.badRequest("chunk size line too long");
            }
            return 0;
        }
        if (cr - start > limits.maxChunkLineLength()) {
            throw HttpParseException.badRequest("chunk size line too long");
        }
        int p = start;
        long size = 0;
        for (int digit; p < cr && (digit = Chars.hexValue(buf[p])) >= 0; p++) {
            if (size > (Long.MAX_VALUE >> 4)) {
                throw HttpParseException.badRequest("chunk size too large");
            }
            size = size << 4 | digit;
        }
        if (p == start) {
            throw HttpParseException.badRequest("invalid chunk size");
        }
        checkExtensions(buf, p, cr);
        remaining = size;
        state = size == 0 ? State.TRAILERS : State.DATA;
        return cr + 2 - start;
    }

    /** chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] ), RFC 9112 section 7.1.1. */
    private static void checkExtensions(byte[] b, int p, int end) {
        while (p < end) {
            int ws = p;
            p = skipWhitespace(b, p, end);
            if (p == end || b[p] != ';') {
                throw HttpParseException.badRequest(ws == p ? "invalid chunk size" : "invalid chunk extension");
            }
            p = skipWhitespace(b, p + 1, end);
            int name = p;
            while (p < end && Chars.isTchar(b[p])) {
                p++;
            }
            if (p == name) {
                throw HttpParseException.badRequest("invalid chunk extension");
            }
            int afterName = skipWhitespace(b, p, end);
            if (afterName < end && b[afterName] == '=') {
                p = skipWhitespace(b, afterName + 1, end);
                p = p < end && b[p] == '"' ? quotedString(b, p + 1, end) : token(b, p, end);
            }
        }
    }

    private static int token(byte[] b, int p, int end) {
        int from = p;
        while (p < end && Chars.isTchar(b[p])) {
            p++;
        }
        if (p == from) {
            throw HttpParseException.badRequest("invalid chunk extension value");
        }
        return p;
    }

    private static int quotedString(byte[] b, int p, int end) {
        while (p < end) {
            byte c = b[p];
            if (c == '"') {
                return p + 1;
            }
            if (c == '\\') {
                p++;
                if (p == end || !Chars.isFieldContent(b[p])) {
                    break;
                }
            } else if (!Chars.isFieldContent(c)) {
                break;
            }
            p++;
        }
        throw HttpParseException.badRequest("invalid chunk extension quoted value");
    }

    private static int skipWhitespace(byte[] b, int p, int end) {
        while (p < end && Chars.isWhitespace(b[p])) {
            p++;
        }
        return p;
    }

    /** The index of the CR of the first CRLF, or -1; refuses a bare LF or a CR not followed by LF. */
    private static int findCrlf(byte[] buf, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = buf[i];
            if (b == Chars.LF) {
                throw HttpParseException.badRequest("bare LF in chunked body");
            }
            if (b == Chars.CR) {
                if (i + 1 == end) {
                    return -1;
                }
                if (buf[i + 1] != Chars.LF) {
                    throw HttpParseException.badRequest("CR without LF in chunked body");
                }
                return i;
            }
        }
        return -1;
    }

    private int trailers(byte[] buf, int start, int end) {
        int p = start;
        int count = 0;
        while (true) {
            int cr = findCrlf(buf, p, end);
            if (cr < 0) {
                if (end - start > limits.maxHeaderSize()) {
                    throw new HttpParseException(431, "trailer section too large");
                }
                return 0;
            }
            if (cr == p) {
                break;
            }
            if (++count > limits.maxHeaderCount()) {
                throw new HttpParseException(431, "too many trailer fields");
            }
            p = cr + 2;
        }
        int sectionEnd = p + 2;
        if (sectionEnd - start > limits.maxHeaderSize()) {
            throw new HttpParseException(431, "trailer section too large");
        }
        if (count > 0) {
            byte[] section = Arrays.copyOfRange(buf, start, sectionEnd);
            var builder = new FieldBlock.Builder(section, 0);
            int line = 0;
            for (int i = 0; i < section.length - 2; i++) {
                if (section[i] == Chars.CR) {
                    builder.parseLine(line, i);
                    line = i + 2;
                    i++;
                }
            }
            trailers = builder.build(section);
        }
        state = State.DONE;
        return sectionEnd - start;
    }
}
