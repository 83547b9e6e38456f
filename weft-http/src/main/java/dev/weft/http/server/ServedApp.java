package dev.weft.http.server;

import dev.weft.http.codec.RequestHead;
import dev.weft.http.server.http1.Application;
import dev.weft.http.server.http1.Body;
import dev.weft.http.server.http1.BodySource;
import dev.weft.http.server.http1.Exchange;
import dev.weft.http.websocket.protocol.OutboundBudget;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/** A {@link WebApp} as the HTTP/1.1 engine serves it: the framework's side of the engine's {@link Application}. */
final class ServedApp implements Application {
    private final WebApp app;
    private final ServerConfig config;
    private final OutboundBudget webSocketOutbound;
    private final ForwardedResolver forwarded;

    ServedApp(WebApp app, ServerConfig config) {
        this.app = app;
        this.config = config;
        this.forwarded = ForwardedResolver.of(config);
        this.webSocketOutbound = new OutboundBudget(config.maxWebSocketOutboundBytes());
    }

    /** The bytes this server's WebSockets hold waiting to be written, all together. */
    OutboundBudget webSocketOutbound() {
        return webSocketOutbound;
    }

    @Override
    public void start() {
        app.freeze();
        try {
            app.startup();
        } catch (Exception e) {
            List<Throwable> failures = new ArrayList<>();
            app.shutdown(failures);
            failures.forEach(e::addSuppressed);
            throw new IllegalStateException("application startup failed", e);
        }
    }

    @Override
    public void serving(HttpServer server) {
        app.serving(server);
    }

    @Override
    public void stop(List<Throwable> failures) {
        app.shutdown(failures);
    }

    @Override
    public Exchange exchange(RequestHead head, SocketAddress remote, boolean secure, BodySource body) {
        return new ServerExchange(app, new ServerRequest(head, remote, secure, config, forwarded, body));
    }

    @Override
    public Response refusal(int status, String reason) {
        return Problems.of(status, reason, null);
    }

    @Override
    public Body body(Response response) {
        // The route made its upgrade without knowing the server: this is where it learns the shared budget.
        if (response.body() instanceof Body.Switch(WebSocketUpgrade upgrade)) {
            return new Body.Switch(upgrade.sharing(webSocketOutbound));
        }
        return response.body();
    }

    @Override
    public List<String> fields(Response response) {
        return response.headerList();
    }

    /** One request through the app: failures become problem responses. */
    private record ServerExchange(WebApp app, ServerRequest request) implements Exchange {
        @Override
        public Response respond() {
            try {
                Response response = app.handle(request);
                if (response == null) {
                    throw new IllegalStateException("handler returned null for " + request.method() + " " + request.target());
                }
                return response;
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError e) {
                    throw e;
                }
                return Problems.response(t, request);
            }
        }

        @Override
        public Response problem(Throwable failure) {
            return Problems.response(failure, request);
        }

        @Override
        public boolean hasAfterResponse() {
            return request.hasAfterResponse();
        }

        @Override
        public void close() {
            request.cleanup();
        }
    }
}
