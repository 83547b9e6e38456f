package dev.weft.http.server.http1;

import dev.weft.http.server.EventSink;
import dev.weft.http.server.ServerEvent;
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
        write(encode(event));
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

    /** The event in wire format, ending with the blank line that dispatches it. */
    private static String encode(ServerEvent event) {
        var sb = new StringBuilder(event.data().length() + 32);
        if (event.id() != null) {
            sb.append("id: ").append(event.id()).append('\n');
        }
        if (event.event() != null) {
            sb.append("event: ").append(event.event()).append('\n');
        }
        if (event.retry() != null) {
            sb.append("retry: ").append(event.retry().toMillis()).append('\n');
        }
        for (String line : event.data().split("\r\n|\r|\n", -1)) {
            sb.append("data: ").append(line).append('\n');
        }
        return sb.append('\n').toString();
    }
}
