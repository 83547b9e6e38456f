package dev.weft.http.websocket.protocol;

import dev.weft.http.websocket.CloseStatus;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The permessage-deflate codec of RFC 7692 §7.2 for one connection: raw DEFLATE with a sync flush per
 * message, the trailing {@code 00 00 ff ff} removed on the wire and appended again before inflating.
 * Role-aware: a server's compressor follows {@code server_no_context_takeover} and its decompressor
 * {@code client_no_context_takeover}, a client's the other way round.
 *
 * <p>Decompression streams into a {@link ByteSink} in bounded chunks, so a small "deflate bomb" can
 * never allocate more than the sink lets through: the sink throws 1009 at the message limit.
 * The zlib streams (some 300 KiB of native memory for both) are created on first use: a socket that
 * only ever receives, or only sends, or sends nothing compressed, never pays for the other.
 * Not thread-safe: compression runs under the connection's write lock, decompression on its reader.
 */
final class PerMessageDeflate implements AutoCloseable {
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};
    private static final int CHUNK = 16 * 1024;

    private final int level;
    private final boolean resetDeflater;
    private final boolean resetInflater;
    private Deflater deflater;
    private Inflater inflater;
    private byte[] chunk;
    private boolean closed;

    PerMessageDeflate(DeflateParameters parameters, Role role, int level) {
        this.level = level;
        boolean serverSide = role == Role.SERVER;
        this.resetDeflater = serverSide ? parameters.serverNoContextTakeover() : parameters.clientNoContextTakeover();
        this.resetInflater = serverSide ? parameters.clientNoContextTakeover() : parameters.serverNoContextTakeover();
    }

    /** Compresses one whole message into the payload of its (first) frame. */
    byte[] compress(byte[] message) {
        Deflater deflater = deflater();
        deflater.setInput(message);
        byte[] out = new byte[Math.max(64, message.length / 2 + 64)];
        int length = 0;
        while (true) {
            length += deflater.deflate(out, length, out.length - length, Deflater.SYNC_FLUSH);
            if (length < out.length) {
                break;
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
        if (resetDeflater) {
            deflater.reset();
        }
        // A sync flush always ends with an empty stored block; RFC 7692 §7.2.1 strips its 4 bytes.
        if (length >= 4 && endsWithTail(out, length)) {
            length -= 4;
        }
        return Arrays.copyOf(out, length);
    }

    /**
     * Decompresses the payload of one frame of a compressed message into {@code sink}; after the
     * message's last frame, call {@link #finishMessage(ByteSink)}.
     *
     * @throws WebSocketProtocolError 1007 if the data is not valid DEFLATE
     */
    void decompress(byte[] payload, ByteSink sink) {
        Inflater inflater = inflater();
        if (inflater.finished()) {
            // A final block already ended this message's stream; RFC 7692 §7.2.3.4 lets anything follow.
            return;
        }
        inflater.setInput(payload);
        drain(sink);
    }

    /** Feeds the stripped tail and resets the context if the parameters say so. */
    void finishMessage(ByteSink sink) {
        Inflater inflater = inflater();
        if (!inflater.finished()) {
            inflater.setInput(TAIL);
            drain(sink);
        }
        if (resetInflater || inflater.finished()) {
            // A final block (BFINAL) ends the DEFLATE stream: the next message starts a new one.
            inflater.reset();
        }
    }

    private void drain(ByteSink sink) {
        Inflater inflater = inflater();
        try {
            while (true) {
                int n = inflater.inflate(chunk);
                if (n > 0) {
                    sink.accept(chunk, 0, n);
                    continue;
                }
                if (inflater.needsDictionary()) {
                    throw new WebSocketProtocolError(CloseStatus.INVALID_PAYLOAD, "compressed message asks for a preset dictionary");
                }
                return; // no output with room to spare: the input is used up or the stream finished
            }
        } catch (DataFormatException e) {
            throw new WebSocketProtocolError(CloseStatus.INVALID_PAYLOAD, "corrupt compressed message: " + e.getMessage());
        }
    }

    private static boolean endsWithTail(byte[] data, int length) {
        for (int i = 0; i < 4; i++) {
            if (data[length - 4 + i] != TAIL[i]) {
                return false;
            }
        }
        return true;
    }

    /** Frees the native zlib memory now rather than at garbage collection. */
    @Override
    public void close() {
        closed = true;
        if (deflater != null) {
            deflater.end();
        }
        if (inflater != null) {
            inflater.end();
        }
    }

    private Deflater deflater() {
        if (deflater == null) {
            checkOpen();
            deflater = new Deflater(level, true);
        }
        return deflater;
    }

    private Inflater inflater() {
        if (inflater == null) {
            checkOpen();
            inflater = new Inflater(true);
            chunk = new byte[CHUNK];
        }
        return inflater;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("permessage-deflate codec already closed");
        }
    }
}
