package dev.weft.http.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in application step that turns a request into exchanges, last of the application chain:
 * resolves the URL against the base URL, adds the default headers, serializes a JSON body, starts the
 * total timeout, and follows redirects (when enabled), passing each hop on to the network chain.
 * 301/302/303 become GET without a body (HEAD stays HEAD), 307/308 keep method and body unless it is a
 * stream; {@code Authorization} is dropped across origins. Thread-safe: per-call state is local.
 */
record FollowRedirects(ClientConfig config) implements Interceptor {
    @Override
    public ClientResponse intercept(Chain chain) {
        ClientRequest request = chain.request();
        URI url = ClientRequest.resolve(config.baseUrl(), request.url());
        long deadline = config.totalDeadline();
        String method = request.method();
        RequestBody body = request.body() == null ? null : request.body().serializedWith(config.objectMapper());
        List<Map.Entry<String, String>> headers = RealHttpClient.withDefaults(config.headers(), request.headers());
        List<ClientResponse> history = new ArrayList<>();
        while (true) {
            ClientResponse response = InterceptorChain.of(chain)
                    .proceed(new ClientRequest(method, url.toString(), headers, body), deadline);
            if (response.status() == 101) {
                response.close();
                throw new InvalidResponse("unexpected 101 Switching Protocols from " + url + " (no upgrade was asked)");
            }
            URI next = config.followRedirects() ? target(response, url) : null;
            int status = response.status();
            boolean keepsBody = status == 307 || status == 308;
            if (next == null || (keepsBody && body != null && !body.replayable())) {
                if (response instanceof RealClientResponse real) {
                    real.history(history);
                }
                return response;
            }
            if (response instanceof RealClientResponse real) {
                real.discardBody();
            } else {
                response.close();
            }
            history.add(response);
            if (history.size() > config.maxRedirects()) {
                List<URI> urls = new ArrayList<>();
                history.forEach(r -> urls.add(r.url()));
                urls.add(next);
                throw new TooManyRedirects(config.maxRedirects(), urls);
            }
            if (!keepsBody) {
                method = method.equals("HEAD") ? "HEAD" : "GET";
                body = null;
                headers = without(headers, "Content-Type");
            }
            if (!Endpoint.of(url).equals(Endpoint.of(next))) {
                headers = without(headers, "Authorization");
            }
            url = next;
        }
    }

    /** Where a redirect response points, or null when it is not one to follow. */
    private static URI target(ClientResponse response, URI from) {
        int status = response.status();
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            return null;
        }
        String location = response.header("Location");
        if (location == null || location.isBlank()) {
            return null;
        }
        URI next;
        try {
            next = from.resolve(new URI(location.strip()));
        } catch (java.net.URISyntaxException e) {
            response.close();
            throw new InvalidResponse("invalid Location \"" + location + "\" from " + from, e);
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || next.getHost() == null) {
            return null; // not something this client can follow; the caller gets the redirect itself
        }
        return next;
    }

    private static List<Map.Entry<String, String>> without(List<Map.Entry<String, String>> headers, String name) {
        List<Map.Entry<String, String>> kept = new ArrayList<>(headers);
        kept.removeIf(h -> h.getKey().equalsIgnoreCase(name));
        return kept;
    }

    @Override
    public String toString() {
        return "the built-in redirect step";
    }
}
