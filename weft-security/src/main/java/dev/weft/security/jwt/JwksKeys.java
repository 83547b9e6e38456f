package dev.weft.security.jwt;

import com.nimbusds.jose.jwk.JWKSet;
import dev.weft.core.Cancelled;
import dev.weft.core.Deadline;
import dev.weft.core.DeadlineExceeded;
import dev.weft.http.client.ClientRequest;
import dev.weft.http.client.ClientResponse;
import dev.weft.http.client.HttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keys fetched from a JWKS URL with weft's HTTP client and cached. The cache is refreshed when it is
 * older than {@code maxAge} and when a token names a key it does not hold (a rotation), but never twice
 * within {@code minRefreshInterval}, however many tokens with unknown key ids arrive: a flood of made-up
 * {@code kid}s costs at most one fetch per interval. A failed fetch keeps the last good keys. One fetch at
 * a time (a {@link ReentrantLock}, not {@code synchronized}, since it is held across I/O); threads that
 * waited for it use its result. Thread-safe.
 */
final class JwksKeys implements KeySource {
    private static final System.Logger LOG = System.getLogger("dev.weft.security.jwt");

    private final URI url;
    private final HttpClient client;
    private final JwtVerifier.JwksOptions options;
    private final Clock clock;
    private final ReentrantLock fetching = new ReentrantLock();
    /** The last good key set, or null before the first successful fetch. */
    private volatile Snapshot snapshot;
    /** When the last fetch started, successful or not, or null before the first. */
    private volatile Instant lastAttempt;
    /** Why the last fetch failed, or null when it succeeded. */
    private volatile RuntimeException lastFailure;

    /** Keys and when they were fetched. */
    private record Snapshot(List<VerificationKey> keys, Instant fetchedAt) {
    }

    JwksKeys(URI url, HttpClient client, JwtVerifier.JwksOptions options, Clock clock) {
        this.url = url;
        this.client = client;
        this.options = options;
        this.clock = clock;
    }

    @Override
    public List<VerificationKey> keys() {
        Snapshot current = snapshot;
        if (current != null && clock.instant().isBefore(current.fetchedAt().plus(options.maxAge()))) {
            return current.keys();
        }
        if (current != null && fetching.isLocked()) {
            return current.keys();   // stale, and a fetch is under way: no need to wait for it
        }
        return refresh(current, false);
    }

    @Override
    public List<VerificationKey> keysAfterMiss(List<VerificationKey> seen) {
        Snapshot current = snapshot;
        return refresh(current != null && current.keys() == seen ? current : null, true);
    }

    /**
     * Fetches the keys again unless another thread did since {@code seen} was read, or the last attempt
     * was too recent. A failure keeps the last good keys when {@code mustLearn} is false (a periodic
     * refresh); when a token needs a key we may not hold, it throws, since the answer is unknown.
     */
    private List<VerificationKey> refresh(Snapshot seen, boolean mustLearn) {
        fetching.lock();
        try {
            Snapshot current = snapshot;
            if (current != null && current != seen) {
                return current.keys();
            }
            Instant now = clock.instant();
            if (lastAttempt != null && now.isBefore(lastAttempt.plus(options.minRefreshInterval()))) {
                // Too soon to try again. While the last attempt stands failed, a token needing a key we do
                // not hold cannot be decided: say so rather than call it invalid.
                if (current == null || (mustLearn && lastFailure != null)) {
                    throw new JwksUnavailable(lastFailure);
                }
                return current.keys();
            }
            lastAttempt = now;
            try {
                List<VerificationKey> keys = fetch();
                snapshot = new Snapshot(keys, now);
                lastFailure = null;
                return keys;
            } catch (DeadlineExceeded e) {
                return failed(new JwksFetchFailed("JWKS at " + url + " did not answer within " + options.fetchTimeout(), e),
                        current, mustLearn);
            } catch (Cancelled e) {
                throw e;
            } catch (JwksFetchFailed e) {
                return failed(e, current, mustLearn);
            } catch (RuntimeException e) {
                return failed(new JwksFetchFailed("JWKS at " + url + " could not be fetched: " + e.getMessage(), e),
                        current, mustLearn);
            }
        } finally {
            fetching.unlock();
        }
    }

    /** Records and logs a failed fetch; the last good keys when they may still serve, else {@link JwksUnavailable}. */
    private List<VerificationKey> failed(RuntimeException e, Snapshot current, boolean mustLearn) {
        lastFailure = e;
        LOG.log(Level.WARNING, current == null ? "JWKS fetch failed; no keys yet"
                : "JWKS fetch failed; the last good keys (fetched " + current.fetchedAt() + ") stay in use", e);
        if (current == null || mustLearn) {
            throw new JwksUnavailable(e);
        }
        return current.keys();
    }

    private List<VerificationKey> fetch() {
        String body = Deadline.within(options.fetchTimeout(), () -> {
            var request = ClientRequest.builder("GET", url.toString()).header("Accept", "application/json").build();
            try (ClientResponse response = client.request(request); InputStream in = response.body()) {
                if (response.status() != 200) {
                    throw new JwksFetchFailed("JWKS at " + url + " answered " + response.status());
                }
                byte[] bytes = in.readNBytes(options.maxResponseSize() + 1);
                if (bytes.length > options.maxResponseSize()) {
                    throw new JwksFetchFailed("JWKS at " + url + " is larger than " + options.maxResponseSize() + " bytes");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new JwksFetchFailed("JWKS at " + url + " could not be read: " + e.getMessage(), e);
            }
        });
        List<VerificationKey> keys;
        try {
            keys = JWKSet.parse(body).getKeys().stream()
                    .map(VerificationKey::fromJwk).flatMap(Optional::stream).toList();
        } catch (ParseException e) {
            throw new JwksFetchFailed("JWKS at " + url + " is not a JSON Web Key Set: " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new JwksFetchFailed("JWKS at " + url
                    + " holds no usable signing key (RSA of 2048 bits or more, EC on P-256, P-384 or P-521)");
        }
        if (keys.size() > options.maxKeys()) {
            throw new JwksFetchFailed("JWKS at " + url + " holds " + keys.size() + " keys, more than " + options.maxKeys());
        }
        return keys;
    }

    /** Why a fetch failed, naming the URL: the cause of {@link JwksUnavailable}, and what is logged. */
    static final class JwksFetchFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JwksFetchFailed(String message) {
            super(message);
        }

        JwksFetchFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
