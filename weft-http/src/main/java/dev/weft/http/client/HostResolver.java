package dev.weft.http.client;

import dev.weft.core.Cancellation;
import dev.weft.core.Supervisor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client's DNS step: a {@link DnsResolver} behind a cache of successful lookups kept for a TTL
 * (aiohttp's {@code ttl_dns_cache}), with concurrent lookups of one host sharing a single call.
 * Lookups run as tasks of the resolver's own {@link Supervisor}, because the JDK's blocks
 * uninterruptibly; callers wait for them only until their deadline, and {@link #close()} waits for those
 * still running. A failed lookup is not reused: the next request asks again. Thread-safe.
 */
final class HostResolver implements AutoCloseable {
    /** Hosts kept at most; past it, expired entries are dropped, then everything, so memory stays bounded. */
    static final int MAX_HOSTS = 1024;

    private final DnsResolver resolver;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Lookup> cache = new ConcurrentHashMap<>();
    private final Supervisor lookups = Supervisor.open("weft-dns");

    /** One lookup, in flight or done, started at {@code startedNanos}. */
    private record Lookup(CompletableFuture<List<InetAddress>> addresses, long startedNanos) {
        boolean usable(long now, long ttlNanos) {
            return !addresses.isDone() || !addresses.isCompletedExceptionally() && now - startedNanos < ttlNanos;
        }
    }

    /**
     * A cache of {@code resolver}'s answers, each kept for {@code ttl} ({@link Duration#ZERO}: not kept).
     *
     * @throws IllegalArgumentException when {@code ttl} is negative
     */
    HostResolver(DnsResolver resolver, Duration ttl) {
        if (ttl == null || ttl.isNegative()) {
            throw new IllegalArgumentException("dnsCacheTtl must be zero (no cache) or positive: " + ttl);
        }
        this.resolver = java.util.Objects.requireNonNull(resolver, "resolver");
        this.ttlNanos = ttl.toNanos();
    }

    /**
     * The addresses of {@code host} (an IP literal as itself), waiting at most until {@code deadlineNanos}
     * ({@link Long#MAX_VALUE}: none) and the scope's deadline.
     *
     * @throws UnknownHostException    when the name does not resolve
     * @throws SocketTimeoutException  when the deadline passes first
     */
    List<InetAddress> resolve(String host, long deadlineNanos) throws IOException {
        InetAddress literal = literal(host);
        if (literal != null) {
            return List.of(literal);
        }
        Cancellation.check();
        CompletableFuture<List<InetAddress>> shared = lookup(host).addresses();
        // A copy, so that an aborted caller gives up its own wait without failing the shared lookup.
        CompletableFuture<List<InetAddress>> mine = shared.copy();
        try (var abort = Cancellation.onAbort(() -> mine.cancel(false))) {
            long waitNanos = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
            waitNanos = Math.min(waitNanos, Cancellation.remaining().map(Duration::toNanos).orElse(Long.MAX_VALUE));
            return waitNanos == Long.MAX_VALUE ? mine.get() : mine.get(Math.max(waitNanos, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("DNS lookup of " + host + " timed out");
        } catch (CancellationException e) {
            Cancellation.check();
            throw new InterruptedIOException("DNS lookup of " + host + " abandoned");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during the DNS lookup of " + host);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            throw new HttpClientException("the DNS resolver failed for " + host + ": " + e.getCause(), e.getCause());
        }
    }

    private Lookup lookup(String host) {
        long now = System.nanoTime();
        if (ttlNanos == 0) {
            return new Lookup(start(host), now);
        }
        if (cache.size() >= MAX_HOSTS) {
            cache.values().removeIf(l -> !l.usable(now, ttlNanos));
            if (cache.size() >= MAX_HOSTS) {
                cache.clear();
            }
        }
        return cache.compute(host, (h, old) -> old != null && old.usable(now, ttlNanos) ? old : new Lookup(start(h), now));
    }

    private CompletableFuture<List<InetAddress>> start(String host) {
        CompletableFuture<List<InetAddress>> result = new CompletableFuture<>();
        lookups.spawn("weft-dns-" + host, () -> {
            try {
                List<InetAddress> addresses = resolver.resolve(host);
                if (addresses == null || addresses.isEmpty()) {
                    throw new UnknownHostException(host + ": the resolver returned no address");
                }
                result.complete(List.copyOf(addresses));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /**
     * Ends the lookups in flight: a resolver that honours interrupts stops, the JDK's runs to its end
     * (its own timeout), and this waits for it. Later lookups fail with {@link IllegalStateException}.
     */
    @Override
    public void close() {
        lookups.close();
    }

    /** {@code host} as an address when it is an IPv4 or IPv6 literal (without brackets), else null. */
    private static InetAddress literal(String host) {
        if (host.indexOf(':') < 0 && !host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9')) {
            return null;
        }
        try {
            return InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
