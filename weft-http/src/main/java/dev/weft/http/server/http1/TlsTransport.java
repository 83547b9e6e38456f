package dev.weft.http.server.http1;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import javax.net.ssl.SSLSocket;

/** TLS over an accepted TCP socket, using the JDK's {@link SSLSocket}; the handshake runs on first read. */
final class TlsTransport implements Transport {
    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;
    private final SocketAddress remote;

    TlsTransport(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.remote = socket.getRemoteSocketAddress();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, len);
    }

    @Override
    public void write(ByteBuffer... buffers) throws IOException {
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
                b.position(b.limit());
            }
        }
        out.flush();
    }

    @Override
    public void transferFrom(FileChannel file, long position, long count) throws IOException {
        // Bytes must be encrypted, so they pass through the heap; no zero-copy path exists for TLS.
        ByteBuffer chunk = ByteBuffer.allocate(16384);
        long sent = 0;
        while (sent < count) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), count - sent));
            int n = file.read(chunk, position + sent);
            if (n < 0) {
                throw new IOException("file shrank while being sent");
            }
            out.write(chunk.array(), 0, n);
            sent += n;
        }
        out.flush();
    }

    @Override
    public void abortRead() {
        // SSLSocket cannot half-close its input: the timeout ends the connection.
        close();
    }

    @Override
    public void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException | UnsupportedOperationException ignored) {
            // TLS has its own close_notify; nothing more to do.
        }
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public boolean secure() {
        return true;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a socket has nothing useful to report.
        }
    }
}
