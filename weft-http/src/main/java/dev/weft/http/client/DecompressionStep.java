package dev.weft.http.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The built-in network step for compressed bodies: asks for {@code gzip, deflate} (unless the request
 * names its own {@code Accept-Encoding}) and has the response decompress such bodies as they are read,
 * so that application code sees plain bytes while the network interceptors inside it see the body as
 * sent. Stateless and thread-safe.
 */
record DecompressionStep() implements Interceptor {
    static final String ACCEPTED = "gzip, deflate";

    @Override
    public ClientResponse intercept(Chain chain) {
        ClientRequest request = chain.request();
        if (request.header("Accept-Encoding") == null) {
            List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers());
            headers.add(Map.entry("Accept-Encoding", ACCEPTED));
            request = new ClientRequest(request.method(), request.url(), headers, request.body());
        }
        ClientResponse response = chain.proceed(request);
        if (response instanceof RealClientResponse real) {
            real.decompress();
        }
        return response;
    }

    @Override
    public String toString() {
        return "the built-in decompression step";
    }
}
