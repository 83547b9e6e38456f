package dev.weft.examples.fetch;

import dev.weft.core.Concurrent;
import dev.weft.core.Retry;
import dev.weft.http.client.ClientResponse;
import dev.weft.http.client.ClientResponseError;
import dev.weft.http.client.HttpClient;
import dev.weft.http.client.HttpClientException;
import dev.weft.http.client.InvalidResponse;
import dev.weft.http.client.TooManyRedirects;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The seeds' "gather over many URLs": fetches every URL with at most {@code concurrency} requests in
 * flight, a timeout per attempt, and retries with backoff for failures that may pass (timeouts, lost
 * connections, 502/503/504). Results come back in the order of the URLs. Thread-safe.
 *
 * {@snippet :
 * try (var client = HttpClient.create()) {
 *     List<FetchResult> results = new Fetcher(client, options).fetchAll(System.err);
 * }
 * }
 */
public final class Fetcher {
    private final HttpClient client;
    private final FetchOptions options;
    private final Retry retry;

    public Fetcher(HttpClient client, FetchOptions options) {
        this.client = client;
        this.options = options;
        this.retry = Retry.builder()
                .maxAttempts(options.attempts())
                .initialDelay(Duration.ofMillis(100))
                .maxDelay(Duration.ofSeconds(2))
                .retryIf(Fetcher::mayPass)
                .build();
    }

    /** Fetches every URL, drawing progress on {@code progress}; never throws for a failed URL. */
    public List<FetchResult> fetchAll(PrintStream progress) {
        var bar = new ProgressBar(progress, options.urls().size());
        return Concurrent.map(options.urls(), options.concurrency(), url -> {
            FetchResult result = fetch(url);
            bar.done(result.ok());
            return result;
        });
    }

    private FetchResult fetch(URI url) {
        long start = System.nanoTime();
        var attempts = new AtomicInteger();
        try {
            long[] statusAndBytes = retry.call(() -> {
                attempts.incrementAndGet();
                try (ClientResponse response = client.get(url.toString())) {
                    if (response.status() == 502 || response.status() == 503 || response.status() == 504) {
                        throw new RetryableStatus(response.status());
                    }
                    return new long[] {response.status(), drain(response)};
                }
            });
            return new FetchResult(url, (int) statusAndBytes[0], statusAndBytes[1], since(start), attempts.get(), null);
        } catch (RetryableStatus e) {
            return new FetchResult(url, e.status, 0, since(start), attempts.get(), null);
        } catch (RuntimeException e) {
            return new FetchResult(url, 0, 0, since(start), attempts.get(), describe(e));
        }
    }

    private static long drain(ClientResponse response) throws IOException {
        try (InputStream body = response.body()) {
            return body.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** Timeouts, lost connections and refused connects may pass; a broken response or a redirect loop will not. */
    private static boolean mayPass(Throwable failure) {
        return failure instanceof RetryableStatus
                || failure instanceof HttpClientException && !(failure instanceof InvalidResponse
                        || failure instanceof TooManyRedirects || failure instanceof ClientResponseError);
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** A gateway or overload status worth another attempt; ends as that status when attempts run out. */
    private static final class RetryableStatus extends RuntimeException {
        private final int status;

        RetryableStatus(int status) {
            super("status " + status, null, false, false);
            this.status = status;
        }
    }
}
