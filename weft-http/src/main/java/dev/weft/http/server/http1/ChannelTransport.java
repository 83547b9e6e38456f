package dev.weft.http.server.http1;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;

/** A plain TCP or Unix domain socket connection over a blocking {@link SocketChannel}. */
final class ChannelTransport implements Transport {
    private final SocketChannel channel;
    private final SocketAddress remote;
    private ByteBuffer readView;

    ChannelTransport(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.remote = channel.getRemoteAddress();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        // The connection reads into the same array again and again: reuse one view of it.
        ByteBuffer view = readView;
        if (view == null || view.array() != b) {
            view = readView = ByteBuffer.wrap(b);
        }
        view.limit(off + len).position(off);
        return channel.read(view);
    }

    @Override
    public void write(ByteBuffer... buffers) throws IOException {
        if (buffers.length == 1) {
            // The common case (one response, or a batch of pipelined ones): write(2), not writev(2).
            ByteBuffer only = buffers[0];
            while (only.hasRemaining()) {
                channel.write(only);
            }
            return;
        }
        while (anyRemaining(buffers)) {
            channel.write(buffers);
        }
    }

    private static boolean anyRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void transferFrom(FileChannel file, long position, long count) throws IOException {
        long sent = 0;
        while (sent < count) {
            long n = file.transferTo(position + sent, count - sent, channel);
            if (n <= 0 && position + sent >= file.size()) {
                throw new IOException("file shrank while being sent");
            }
            sent += n;
        }
    }

    @Override
    public void abortRead() {
        try {
            channel.shutdownInput();
        } catch (IOException e) {
            close();
        }
    }

    @Override
    public void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException ignored) {
            // Already closed by the peer: nothing left to half-close.
        }
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public boolean secure() {
        return false;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a socket has nothing useful to report.
        }
    }
}
