package dev.weft.http.server.http1;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The byte stream under one connection: a TCP or Unix domain socket channel, or TLS over TCP. All
 * calls block the calling (virtual) thread; timeouts are enforced from outside by the server's
 * {@link TimeoutSweeper}, which calls {@link #abortRead()} or {@link #close()}.
 */
interface Transport extends AutoCloseable {
    /** Reads into {@code b}; -1 at end of stream (or after {@link #abortRead()}). */
    int read(byte[] b, int off, int len) throws IOException;

    /** Writes every remaining byte of {@code buffers}, gathered into as few writes as the transport allows. */
    void write(ByteBuffer... buffers) throws IOException;

    /** Sends {@code count} bytes of {@code file} from {@code position}, zero-copy where the transport allows. */
    void transferFrom(FileChannel file, long position, long count) throws IOException;

    /** Makes a blocked or later read return -1 when the transport can, else closes it. */
    void abortRead();

    /** Half-closes the sending side (used for a lingering close after an error response). */
    void shutdownOutput();

    /** The peer's address. */
    SocketAddress remoteAddress();

    /** Whether bytes are protected by TLS. */
    boolean secure();

    /** Closes the transport; never throws. */
    @Override
    void close();
}
