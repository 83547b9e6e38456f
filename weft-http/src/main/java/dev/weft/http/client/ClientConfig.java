package dev.weft.http.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.http.codec.CodecLimits;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of an {@link HttpClient}'s settings, made by {@link HttpClient.Builder#build()}.
 * Immutable; a null {@code sslContext} means the JDK's default; {@link Duration#ZERO} means "no limit" for the timeouts that allow it.
 */
record ClientConfig(int maxConnections, int maxConnectionsPerHost, Duration keepAlive, Duration connectTimeout,
                    Duration readTimeout, Duration totalTimeout, Duration poolTimeout, boolean followRedirects,
                    int maxRedirects, boolean raiseForStatus, URI baseUrl, List<Map.Entry<String, String>> headers,
                    boolean decompress, long maxBodySize, CodecLimits limits, SSLContext sslContext,
                    ObjectMapper objectMapper, boolean leakStackTraces, CookieJar cookieJar,
                    ProxyConfig proxy, List<Interceptor> interceptors, List<Interceptor> networkInterceptors,
                    java.net.InetAddress localAddress, Map<String, java.util.Set<String>> certificatePins,
                    java.nio.file.Path unixSocket, HostResolver hosts) {
    ClientConfig {
        positive("maxConnections", maxConnections);
        positive("maxConnectionsPerHost", maxConnectionsPerHost);
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects < 0: " + maxRedirects);
        }
        if (maxBodySize <= 0) {
            throw new IllegalArgumentException("maxBodySize <= 0: " + maxBodySize);
        }
        notNegative("keepAlive", keepAlive);
        notNegative("connectTimeout", connectTimeout);
        notNegative("readTimeout", readTimeout);
        notNegative("totalTimeout", totalTimeout);
        notNegative("poolTimeout", poolTimeout);
        headers = List.copyOf(headers);
        interceptors = List.copyOf(interceptors);
        networkInterceptors = List.copyOf(networkInterceptors);
        certificatePins = Map.copyOf(certificatePins);
    }

    /** When a call starting now must end under {@code totalTimeout}, in {@link System#nanoTime()}; {@link Long#MAX_VALUE} for none. */
    long totalDeadline() {
        return totalTimeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + totalTimeout.toNanos();
    }

    /** The configured TLS context, or the JDK's default one (loaded on first use, as it reads the trust store). */
    SSLContext tls() {
        try {
            return sslContext != null ? sslContext : SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default SSLContext", e);
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " <= 0: " + value);
        }
    }

    private static void notNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero (none) or positive: " + value);
        }
    }
}
