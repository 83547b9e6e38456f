package dev.weft.http.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/** The {@link EventSink} over a response stream; a lock keeps events and heartbeats whole. */
final class SseSink implements EventSink {
    private final ChunkedBodyStream stream;
    private final BooleanSupplier serverRunning;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean open = true;

    SseSink(ChunkedBodyStream stream, BooleanSupplier serverRunning) {
        this.stream = stream;
        this.serverRunning = serverRunning;
    }

    @Override
    public void send(String data) {
        send(ServerEvent.of(data));
    }

    @Override
    public void send(ServerEvent event) {
        write(event.encode());
    }

    @Override
    public void comment(String text) {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("comment with a line break: " + text);
        }
        write(": " + text + "\n\n");
    }

    @Override
    public boolean isOpen() {
        return open && serverRunning.getAsBoolean();
    }

    private void write(String text) {
        lock.lock();
        try {
            if (!open) {
                throw new UncheckedIOException(new IOException("event stream closed"));
            }
            stream.write(text.getBytes(StandardCharsets.UTF_8));
            stream.flush();
        } catch (IOException e) {
            open = false;
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream (final chunk); later sends fail. */
    void close() throws IOException {
        lock.lock();
        try {
            if (open) {
                open = false;
                stream.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
