package dev.weft.pg.pool;

import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgConnection;

import java.time.Duration;
import java.util.Objects;

/**
 * The configuration of a {@link PgPool}: what to connect to, how many connections, every bound, and the
 * hooks. Immutable and thread-safe; made by {@link #builder(PgConnectOptions)} or, usually, through the
 * lambda of {@link PgPool#open(String, java.util.function.Consumer)}.
 *
 * {@snippet :
 * PgPool pool = PgPool.open("postgresql://app:secret@localhost/app", cfg -> cfg
 *         .minSize(2).maxSize(20)
 *         .acquireTimeout(Duration.ofSeconds(5))
 *         .sharing(Sharing.PIPELINED));
 * }
 *
 * @param connectOptions          how to open each connection
 * @param minSize                 connections kept open even when idle (opened by {@code open()})
 * @param maxSize                 most connections open at once (the LISTEN connection is extra)
 * @param acquireTimeout          longest wait for a connection before {@link PoolTimeout}
 * @param maxWaiters              most callers waiting at once; one more gets {@link PoolTimeout} at once
 * @param maxLifetime             a connection older than this is closed when next released or idle
 * @param maxIdleTime             an idle connection beyond {@code minSize} is closed after this long
 * @param maxQueriesPerConnection a connection is replaced after serving this many calls
 * @param sharing                 how convenience calls use connections (default {@link Sharing#EXCLUSIVE})
 * @param closeTimeout            how long {@link PgPool#close()} waits for borrowed connections
 * @param resetTimeout            bound on the reset run at each exclusive release
 * @param maintenanceInterval     how often the maintenance task expires connections and restores {@code minSize}
 * @param factory                 opens connections (asyncpg's {@code connect})
 * @param init                    runs once on each new connection
 * @param setup                   runs on every exclusive acquire (not on calls sharing a connection in
 *                                {@link Sharing#PIPELINED} mode)
 * @param reset                   runs on every exclusive release, after the pool rolled back an open transaction
 * @param listen                  the LISTEN connection's limits (that connection is opened with {@code factory};
 *                                the init, setup and reset hooks do not run on it)
 */
public record PgPoolConfig(PgConnectOptions connectOptions, int minSize, int maxSize, Duration acquireTimeout,
                           int maxWaiters, Duration maxLifetime, Duration maxIdleTime, long maxQueriesPerConnection,
                           Sharing sharing, Duration closeTimeout, Duration resetTimeout, Duration maintenanceInterval,
                           ConnectionFactory factory, ConnectionHook init, ConnectionHook setup, ConnectionHook reset,
                           ListenConfig listen) {
    /** Validates every value; the message names the bad one. */
    public PgPoolConfig {
        Objects.requireNonNull(connectOptions, "connectOptions");
        Objects.requireNonNull(sharing, "sharing");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(reset, "reset");
        Objects.requireNonNull(listen, "listen");
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize < 1: " + maxSize);
        }
        if (minSize < 0 || minSize > maxSize) {
            throw new IllegalArgumentException("minSize must be in 0.." + maxSize + ": " + minSize);
        }
        if (maxWaiters < 0) {
            throw new IllegalArgumentException("maxWaiters < 0: " + maxWaiters);
        }
        if (maxQueriesPerConnection < 1) {
            throw new IllegalArgumentException("maxQueriesPerConnection < 1: " + maxQueriesPerConnection);
        }
        requirePositive("acquireTimeout", acquireTimeout);
        requirePositive("maxLifetime", maxLifetime);
        requirePositive("maxIdleTime", maxIdleTime);
        requirePositive("closeTimeout", closeTimeout);
        requirePositive("resetTimeout", resetTimeout);
        requirePositive("maintenanceInterval", maintenanceInterval);
    }

    /** A builder with the defaults: 1..10 connections, 30 s acquire timeout, exclusive sharing. */
    public static Builder builder(PgConnectOptions connectOptions) {
        return new Builder(connectOptions);
    }

    static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /**
     * Limits of the pool's one LISTEN connection. Immutable.
     *
     * @param reconnectDelay    first wait before reconnecting after the connection was lost (doubles per failure)
     * @param maxReconnectDelay longest wait between reconnect attempts
     * @param keepaliveInterval how often it pings an otherwise quiet connection (finds half-open sockets); also
     *                          the bound on each LISTEN/UNLISTEN command
     * @param maxPending        notifications queued per subscription while its handler is busy; beyond, they
     *                          are dropped and the handler is told through {@link NotificationHandler#onGap}
     */
    public record ListenConfig(Duration reconnectDelay, Duration maxReconnectDelay, Duration keepaliveInterval,
                               int maxPending) {
        /** The defaults: 100 ms doubling up to 5 s, pinged every 30 s, 10,000 pending. */
        public static final ListenConfig DEFAULT = new ListenConfig(Duration.ofMillis(100), Duration.ofSeconds(5),
                Duration.ofSeconds(30), 10_000);

        /** Validates every value. */
        public ListenConfig {
            requirePositive("reconnectDelay", reconnectDelay);
            requirePositive("maxReconnectDelay", maxReconnectDelay);
            requirePositive("keepaliveInterval", keepaliveInterval);
            if (maxReconnectDelay.compareTo(reconnectDelay) < 0) {
                throw new IllegalArgumentException("maxReconnectDelay " + maxReconnectDelay + " < reconnectDelay " + reconnectDelay);
            }
            if (maxPending < 1) {
                throw new IllegalArgumentException("maxPending < 1: " + maxPending);
            }
        }
    }

    /** Collects a configuration; {@link #build()} validates it. Not thread-safe. */
    public static final class Builder {
        private PgConnectOptions connectOptions;
        private int minSize = 1;
        private int maxSize = 10;
        private Duration acquireTimeout = Duration.ofSeconds(30);
        private int maxWaiters = 10_000;
        private Duration maxLifetime = Duration.ofHours(1);
        private Duration maxIdleTime = Duration.ofMinutes(5);
        private long maxQueriesPerConnection = 50_000_000;
        private Sharing sharing = Sharing.EXCLUSIVE;
        private Duration closeTimeout = Duration.ofSeconds(10);
        private Duration resetTimeout = Duration.ofSeconds(5);
        private Duration maintenanceInterval = Duration.ofSeconds(1);
        private ConnectionFactory factory = PgConnection::connect;
        private ConnectionHook init = c -> { };
        private ConnectionHook setup = c -> { };
        private ConnectionHook reset = PgConnection::reset;
        private ListenConfig listen = ListenConfig.DEFAULT;

        private Builder(PgConnectOptions connectOptions) {
            this.connectOptions = connectOptions;
        }

        /** Replaces the connection options. */
        public Builder connectOptions(PgConnectOptions value) {
            connectOptions = value;
            return this;
        }

        /** Sets how many connections stay open even when idle (default 1). */
        public Builder minSize(int value) {
            minSize = value;
            return this;
        }

        /** Sets the most connections open at once (default 10). */
        public Builder maxSize(int value) {
            maxSize = value;
            return this;
        }

        /** Sets the longest wait for a connection (default 30 s); a shorter weft-core deadline wins. */
        public Builder acquireTimeout(Duration value) {
            acquireTimeout = value;
            return this;
        }

        /** Sets how many callers may wait at once (default 10,000). */
        public Builder maxWaiters(int value) {
            maxWaiters = value;
            return this;
        }

        /** Sets the age after which a connection is replaced (default 1 h). */
        public Builder maxLifetime(Duration value) {
            maxLifetime = value;
            return this;
        }

        /** Sets how long a connection beyond {@code minSize} may stay idle (default 5 min). */
        public Builder maxIdleTime(Duration value) {
            maxIdleTime = value;
            return this;
        }

        /** Sets how many calls a connection serves before it is replaced (default 50,000,000). */
        public Builder maxQueriesPerConnection(long value) {
            maxQueriesPerConnection = value;
            return this;
        }

        /** Sets how convenience calls use connections (default {@link Sharing#EXCLUSIVE}). */
        public Builder sharing(Sharing value) {
            sharing = value;
            return this;
        }

        /** Sets how long {@code close()} waits for borrowed connections before terminating them (default 10 s). */
        public Builder closeTimeout(Duration value) {
            closeTimeout = value;
            return this;
        }

        /** Sets the bound on each release's reset (default 5 s); a reset that takes longer closes the connection. */
        public Builder resetTimeout(Duration value) {
            resetTimeout = value;
            return this;
        }

        /** Sets how often the pool expires idle and old connections and restores {@code minSize} (default 1 s). */
        public Builder maintenanceInterval(Duration value) {
            maintenanceInterval = value;
            return this;
        }

        /** Sets how connections are opened (asyncpg's {@code connect}). */
        public Builder connect(ConnectionFactory value) {
            factory = value;
            return this;
        }

        /** Sets the hook run once on each new connection (asyncpg's {@code init}). */
        public Builder init(ConnectionHook value) {
            init = value;
            return this;
        }

        /** Sets the hook run on every exclusive acquire (asyncpg's {@code setup}). */
        public Builder setup(ConnectionHook value) {
            setup = value;
            return this;
        }

        /**
         * Sets the hook run on every exclusive release (asyncpg's {@code reset}); the default is
         * {@link PgConnection#reset()}. The pool rolls back an open transaction before it runs.
         */
        public Builder reset(ConnectionHook value) {
            reset = value;
            return this;
        }

        /** Sets the LISTEN connection's limits. */
        public Builder listen(ListenConfig value) {
            listen = value;
            return this;
        }

        /** Validates and returns the configuration. */
        public PgPoolConfig build() {
            return new PgPoolConfig(connectOptions, minSize, maxSize, acquireTimeout, maxWaiters, maxLifetime,
                    maxIdleTime, maxQueriesPerConnection, sharing, closeTimeout, resetTimeout, maintenanceInterval,
                    factory, init, setup, reset, listen);
        }
    }
}
