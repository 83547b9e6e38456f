package dev.weft.http.server.http1;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The hook through which a connection switches protocols (RFC 9110 7.8) after its 101 response: the
 * engine knows nothing of the protocol that follows (a WebSocket today). Implemented by the framework.
 */
@FunctionalInterface
public interface Upgrade {
    /**
     * Takes over the connection: {@code in} first yields the bytes already read past the request head;
     * what is written to {@code out} leaves at {@code flush()}, or at once for a large write. The engine
     * closes both after the session has run.
     */
    Session open(InputStream in, OutputStream out);

    /** The new protocol running over one connection. */
    interface Session {
        /** Speaks the protocol on the connection's thread until it ends; what it throws is logged. */
        void run() throws Exception;

        /** Asks the session to end because the server shuts down; called once, from another thread, and may block. */
        void goingAway();
    }
}
