package dev.weft.http.client;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Application and network interceptors: order, what each sees, retries, and the proceed-once rule. */
class InterceptorTest {
    private static FakeServer redirectingServer() throws Exception {
        var flakyCalls = new java.util.concurrent.atomic.AtomicInteger();
        return FakeServer.start(FakeServer.serving((peer, request, n) -> {
            String path = request.requestLine().split(" ")[1];
            if (path.equals("/start")) {
                peer.write("HTTP/1.1 302 Found\r\nSet-Cookie: c=1\r\nLocation: /end\r\nContent-Length: 0\r\n\r\n");
            } else if (path.equals("/flaky") && flakyCalls.getAndIncrement() == 0) {
                peer.write("HTTP/1.1 503 Busy\r\nContent-Length: 4\r\n\r\nbusy");
            } else {
                peer.ok(path + " trace=" + request.header("x-trace") + " cookie=" + request.header("cookie"));
            }
        }));
    }

    @Test
    void applicationInterceptorsRunOncePerCallInOrderAndNetworkOnesOncePerHop() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Interceptor outer = chain -> {
            seen.add("outer " + chain.request().url());
            ClientResponse response = chain.proceed(chain.request());
            seen.add("outer got " + response.status());
            return response;
        };
        Interceptor tracing = chain -> {
            seen.add("tracing");
            var traced = ClientRequest.builder(chain.request().method(), chain.request().url()).header("X-Trace", "t-1").build();
            return chain.proceed(traced);
        };
        Interceptor network = chain -> {
            seen.add("network " + chain.request().url() + " cookie=" + chain.request().header("Cookie"));
            return chain.proceed(chain.request());
        };
        try (var server = redirectingServer();
             var client = HttpClient.builder().interceptor(outer).interceptor(tracing).networkInterceptor(network).build()) {
            assertThat(client.get(server.url("/start")).text()).isEqualTo("/end trace=t-1 cookie=c=1");
            assertThat(seen).containsExactly(
                    "outer " + server.url("/start"),
                    "tracing",
                    "network " + server.url("/start") + " cookie=null",
                    "network " + server.url("/end") + " cookie=c=1",
                    "outer got 200");
        }
    }

    @Test
    void builtInStepsRunInsideTheChainsInTheDocumentedOrder() throws Exception {
        var gzipped = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gzipped)) {
            out.write("unpacked".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        List<String> seen = new CopyOnWriteArrayList<>();
        try (var server = FakeServer.start(FakeServer.serving((peer, request, n) -> {
                 if (request.requestLine().startsWith("GET /start")) {
                     peer.write("HTTP/1.1 302 Found\r\nSet-Cookie: c=1\r\nLocation: /end\r\nContent-Length: 0\r\n\r\n");
                 } else if (request.requestLine().startsWith("GET /end")) {
                     peer.write("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + gzipped.size() + "\r\n\r\n");
                     peer.write(gzipped.toByteArray());
                 } else {
                     peer.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                 }
             }));
             var client = HttpClient.builder()
                     .raiseForStatus(true)
                     .interceptor(chain -> {
                         try {
                             ClientResponse response = chain.proceed(chain.request());
                             seen.add("application got " + response.status() + " after " + response.history().size() + " redirect");
                             return response;
                         } catch (ClientResponseError e) {
                             seen.add("application got error " + e.status());
                             throw e;
                         }
                     })
                     .networkInterceptor(chain -> {
                         // Inside the cookie and decompression steps: sees what they add to the request.
                         seen.add("network " + chain.request().header("Cookie") + " " + chain.request().header("Accept-Encoding"));
                         ClientResponse response = chain.proceed(chain.request());
                         seen.add("network got " + response.status() + " " + response.header("Content-Encoding"));
                         return response;
                     }).build()) {
            assertThat(client.get(server.url("/start")).text()).isEqualTo("unpacked");
            assertThat(seen).containsExactly(
                    "network null gzip, deflate", "network got 302 null",
                    "network c=1 gzip, deflate", "network got 200 gzip",
                    "application got 200 after 1 redirect");
            seen.clear();
            assertThatThrownBy(() -> client.get(server.url("/missing"))).isInstanceOf(ClientResponseError.class);
            assertThat(seen).containsExactly("network c=1 gzip, deflate", "network got 404 null", "application got error 404");
        }
    }

    @Test
    void aNetworkInterceptorCanRemoveWhatTheBuiltInStepsAdd() throws Exception {
        try (var server = redirectingServer();
             var client = HttpClient.builder().networkInterceptor(chain -> {
                 var headers = new java.util.ArrayList<>(chain.request().headers());
                 headers.removeIf(h -> h.getKey().equalsIgnoreCase("Cookie"));
                 var request = chain.request();
                 return chain.proceed(new ClientRequest(request.method(), request.url(), headers, request.body()));
             }).build()) {
            assertThat(client.get(server.url("/start")).text()).isEqualTo("/end trace=null cookie=null");
            assertThat(server.requests.getLast().header("accept-encoding")).isEqualTo("gzip, deflate");
        }
    }

    @Test
    void anApplicationInterceptorMayRetry() throws Exception {
        Interceptor retryOnce = chain -> {
            ClientResponse response = chain.proceed(chain.request());
            if (response.status() == 503) {
                response.close();
                response = chain.proceed(chain.request());
            }
            return response;
        };
        try (var server = redirectingServer(); var client = HttpClient.builder().interceptor(retryOnce).build()) {
            assertThat(client.get(server.url("/flaky")).text()).isEqualTo("/flaky trace=null cookie=null");
            assertThat(client.poolStatistics().inUse()).isZero();
        }
    }

    @Test
    void retriesWithBackoffFromWeftCore() throws Exception {
        var calls = new java.util.concurrent.atomic.AtomicInteger();
        var retry = dev.weft.core.Retry.builder().maxAttempts(4).initialDelay(java.time.Duration.ofMillis(10))
                .retryIf(e -> e instanceof ClientResponseError error && error.status() >= 500).build();
        Interceptor retrying = chain -> retry.call(() -> chain.proceed(chain.request()).raiseForStatus());
        try (var server = FakeServer.start(FakeServer.serving((peer, request, n) -> {
            if (calls.incrementAndGet() < 3) {
                peer.write("HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n");
            } else {
                peer.ok("third time lucky");
            }
        }));
             var client = HttpClient.builder().interceptor(retrying).build()) {
            assertThat(client.get(server.url("/")).text()).isEqualTo("third time lucky");
            assertThat(calls.get()).isEqualTo(3);
            assertThat(server.connections()).as("the failed responses were empty, so the connection was kept").isEqualTo(1);
        }
    }

    @Test
    void aNetworkInterceptorMustCallProceedExactlyOnce() throws Exception {
        Interceptor twice = new Interceptor() {
            @Override
            public ClientResponse intercept(Chain chain) {
                chain.proceed(chain.request()).close();
                return chain.proceed(chain.request());
            }

            @Override
            public String toString() {
                return "Twice";
            }
        };
        Interceptor never = new Interceptor() {
            @Override
            public ClientResponse intercept(Chain chain) {
                return null;
            }

            @Override
            public String toString() {
                return "Never";
            }
        };
        try (var server = redirectingServer();
             var a = HttpClient.builder().networkInterceptor(twice).build();
             var b = HttpClient.builder().networkInterceptor(never).build()) {
            assertThatThrownBy(() -> a.get(server.url("/x"))).isInstanceOf(IllegalStateException.class)
                    .hasMessage("network interceptor Twice must call proceed() exactly once");
            assertThatThrownBy(() -> b.get(server.url("/x"))).isInstanceOf(IllegalStateException.class)
                    .hasMessage("network interceptor Never must call proceed() exactly once");
            assertThat(a.poolStatistics().inUse()).isZero();
        }
    }
}
