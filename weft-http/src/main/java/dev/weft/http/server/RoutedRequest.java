package dev.weft.http.server;

import java.util.Map;

/**
 * A request as its route's handler sees it: whatever the middlewares passed on (the connection's
 * request or a wrapper of it), with the matched path parameters and the application that routed it.
 */
final class RoutedRequest extends ForwardingRequest {
    private final WebApp app;
    private final Map<String, String> pathParams;

    RoutedRequest(Request request, WebApp app, Map<String, String> pathParams) {
        super(request);
        this.app = app;
        this.pathParams = pathParams;
    }

    @Override
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("route has no path parameter " + name + ": " + pathParams.keySet());
        }
        return value;
    }

    @Override
    public long pathParamLong(String name) {
        String value = pathParam(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequest("path parameter " + name + " is not an integer: " + value);
        }
    }

    @Override
    public Map<String, String> pathParams() {
        return pathParams;
    }

    @Override
    public WebApp app() {
        return app;
    }
}
