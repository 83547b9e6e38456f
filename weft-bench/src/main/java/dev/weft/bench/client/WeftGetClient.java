package dev.weft.bench.client;

import dev.weft.http.client.HttpClient;

/** Weft's client as a user configures it: a connection limit per host, defaults otherwise. */
final class WeftGetClient implements GetClient {
    private final HttpClient client;

    WeftGetClient(int connections) {
        this.client = HttpClient.builder().maxConnections(connections).maxConnectionsPerHost(connections).build();
    }

    @Override
    public int get(String url) {
        try (var response = client.get(url)) {
            if (response.status() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + response.status());
            }
            return response.bytes().length;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
