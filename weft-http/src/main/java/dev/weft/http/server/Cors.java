package dev.weft.http.server;

import java.util.Locale;

/**
 * The CORS middleware: answers preflights ({@code OPTIONS} with {@code Access-Control-Request-Method})
 * itself and adds the allow headers to actual responses for allowed origins. A preflight from an
 * origin or for a method the policy does not allow is answered 403 without allow headers.
 */
final class Cors implements Middleware {
    private final CorsPolicy policy;

    Cors(CorsPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Response handle(Request request, Handler next) throws Exception {
        String origin = request.header("Origin");
        if (origin == null) {
            return next.handle(request);
        }
        String requestedMethod = request.header("Access-Control-Request-Method");
        if (request.method().equals("OPTIONS") && requestedMethod != null) {
            return preflight(request, origin, requestedMethod);
        }
        Response response;
        try {
            response = next.handle(request);
        } catch (HttpException e) {
            // Error responses need the CORS headers too, or the browser hides them from the script.
            response = Problems.response(e, request);
        }
        if (policy.allows(origin)) {
            allowOrigin(response, origin);
            if (!policy.exposedHeaders().isEmpty()) {
                response.setHeader("Access-Control-Expose-Headers", String.join(", ", policy.exposedHeaders()));
            }
        }
        return response;
    }

    private Response preflight(Request request, String origin, String method) {
        if (!policy.allows(origin) || !policy.methods().contains(method.toUpperCase(Locale.ROOT))) {
            return Response.empty(403).header("Vary", "Origin");
        }
        Response response = Response.noContent();
        allowOrigin(response, origin);
        response.setHeader("Access-Control-Allow-Methods", String.join(", ", policy.sortedMethods()));
        String asked = request.header("Access-Control-Request-Headers");
        if (asked != null) {
            String allowed = policy.headers().contains("*") ? asked : String.join(", ", policy.headers());
            response.setHeader("Access-Control-Allow-Headers", allowed);
        }
        response.setHeader("Access-Control-Max-Age", Long.toString(policy.maxAge().toSeconds()));
        return response;
    }

    private void allowOrigin(Response response, String origin) {
        boolean wildcard = policy.origins().contains("*") && !policy.credentials();
        response.setHeader("Access-Control-Allow-Origin", wildcard ? "*" : origin);
        if (!wildcard) {
            response.header("Vary", "Origin");
        }
        if (policy.credentials()) {
            response.setHeader("Access-Control-Allow-Credentials", "true");
        }
    }
}
