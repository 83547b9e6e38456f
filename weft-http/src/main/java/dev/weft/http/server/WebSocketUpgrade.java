package dev.weft.http.server;

import dev.weft.http.server.http1.Upgrade;
import dev.weft.http.websocket.WebSocketClosed;
import dev.weft.http.websocket.WebSocketOptions;
import dev.weft.http.websocket.protocol.HandshakeResult;
import dev.weft.http.websocket.protocol.OutboundBudget;
import dev.weft.http.websocket.protocol.WebSocketSession;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;

/**
 * A WebSocket route's side of the connection after an accepted handshake: the session runs the route,
 * then closes with 1000 (1011 when the route threw); server shutdown closes it with 1001.
 */
final class WebSocketUpgrade implements Upgrade {
    private static final System.Logger LOG = System.getLogger("dev.weft.http.server");

    private final Request request;
    private final HandshakeResult.Accepted accepted;
    private final WebSocketOptions options;
    private final WebSocketRoute route;
    private final OutboundBudget serverWide;

    WebSocketUpgrade(Request request, HandshakeResult.Accepted accepted, WebSocketOptions options, WebSocketRoute route) {
        this(request, accepted, options, route, OutboundBudget.UNBOUNDED);
    }

    private WebSocketUpgrade(Request request, HandshakeResult.Accepted accepted, WebSocketOptions options,
                             WebSocketRoute route, OutboundBudget serverWide) {
        this.request = request;
        this.accepted = accepted;
        this.options = options;
        this.route = route;
        this.serverWide = serverWide;
    }

    /** This upgrade with its sends counted against {@code budget}, shared by every socket of the server. */
    WebSocketUpgrade sharing(OutboundBudget budget) {
        return new WebSocketUpgrade(request, accepted, options, route, budget);
    }

    @Override
    public Session open(InputStream in, OutputStream out) {
        WebSocketSession session = WebSocketSession.serve(accepted, in, out, options, serverWide);
        return new Session() {
            @Override
            public void run() {
                try {
                    route.handle(request, session);
                    session.close();
                } catch (WebSocketClosed e) {
                    // The peer closed or the connection broke while the route was sending: nothing to report.
                    session.close();
                } catch (Exception e) {
                    LOG.log(Level.ERROR, "WebSocket route failed for " + request.target(), e);
                    session.close(1011, "internal error");
                }
            }

            @Override
            public void goingAway() {
                session.close(1001, "server shutting down");
            }
        };
    }
}
