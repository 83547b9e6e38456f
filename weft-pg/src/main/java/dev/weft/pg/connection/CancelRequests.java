package dev.weft.pg.connection;

import dev.weft.core.Supervisor;
import dev.weft.pg.PgHost;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.protocol.FrontendMessages;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Sends one session's CancelRequests, each over its own side connection in a task of the session's
 * {@link Supervisor} (the session's caller must not wait for it): connect, send the backend key, wait
 * for the server to close. {@code landed} runs when the side connection ended, whether the request got
 * through or not: from then on the server has signalled the backend (or never will). Thread-safe.
 */
final class CancelRequests {
    /** Bounds the side connection's connect and its wait for the server to close it. */
    private static final int SIDE_TIMEOUT_MILLIS = 10_000;

    private final PgHost host;
    private final int processId;
    private final int secretKey;
    private final Runnable landed;
    private final Supervisor tasks;

    CancelRequests(PgHost host, int processId, int secretKey, Runnable landed, Supervisor tasks) {
        this.tasks = tasks;
        this.host = host;
        this.processId = processId;
        this.secretKey = secretKey;
        this.landed = landed;
    }

    /** Starts sending one CancelRequest; the caller has already counted it in flight. */
    void send() {
        try {
            tasks.spawn("weft-pg-cancel-" + processId, this::sendNow);
        } catch (IllegalStateException closed) {
            landed.run(); // the session is closed: no backend is left to cancel
        }
    }

    private void sendNow() {
        try (var side = new Socket()) {
            side.connect(new InetSocketAddress(host.host(), host.port()), SIDE_TIMEOUT_MILLIS);
            var buffer = new WriteBuffer(16);
            FrontendMessages.cancelRequest(buffer, processId, secretKey);
            side.getOutputStream().write(buffer.array(), 0, buffer.position());
            side.getOutputStream().flush();
            // The server closes the side connection once it has read the request.
            side.setSoTimeout(SIDE_TIMEOUT_MILLIS);
            side.getInputStream().read();
        } catch (IOException ignored) {
            // Best effort: the waiter's cancel grace bounds what happens if the request is lost.
        } finally {
            landed.run();
        }
    }
}
