package dev.weft.http.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The built-in network step for cookies, first of the network chain: adds a {@code Cookie} header from
 * the jar (unless the request sets its own), so that network interceptors see it, and stores the
 * response's {@code Set-Cookie} fields once the exchange returns. Thread-safe if the jar is.
 */
record CookieStep(CookieJar jar) implements Interceptor {
    @Override
    public ClientResponse intercept(Chain chain) {
        ClientRequest request = chain.request();
        URI url = ClientRequest.resolve(null, request.url());
        List<Map.Entry<String, String>> headers = withCookies(jar, url, request.headers());
        ClientResponse response = chain.proceed(headers == request.headers() ? request
                : new ClientRequest(request.method(), request.url(), headers, request.body()));
        store(jar, url, response);
        return response;
    }

    /** {@code headers} plus a {@code Cookie} header from {@code jar}, or {@code headers} itself when there is none to add. */
    static List<Map.Entry<String, String>> withCookies(CookieJar jar, URI url, List<Map.Entry<String, String>> headers) {
        List<ClientCookie> cookies = jar.cookiesFor(url);
        if (cookies.isEmpty() || headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Cookie"))) {
            return headers;
        }
        StringJoiner value = new StringJoiner("; ");
        cookies.forEach(c -> value.add(c.name() + "=" + c.value()));
        List<Map.Entry<String, String>> all = new ArrayList<>(headers);
        all.add(Map.entry("Cookie", value.toString()));
        return all;
    }

    /** Keeps the cookies {@code response} sets for {@code url}. */
    static void store(CookieJar jar, URI url, ClientResponse response) {
        List<String> setCookies = response.headers("Set-Cookie");
        if (!setCookies.isEmpty()) {
            jar.store(url, setCookies);
        }
    }

    @Override
    public String toString() {
        return "the built-in cookie step";
    }
}
