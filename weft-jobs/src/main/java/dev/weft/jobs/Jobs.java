package dev.weft.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.pg.PgQueries;
import dev.weft.pg.pool.PgPool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A durable job queue in PostgreSQL (Celery with its broker and result backend replaced by one table):
 * jobs are records enqueued inside the caller's own transaction, so a job exists exactly when the data
 * it is about was committed; workers fetch them with {@code FOR UPDATE SKIP LOCKED}, woken by NOTIFY,
 * run each on a virtual thread under a deadline, retry failures with backoff and rescue the jobs of
 * crashed instances through leases. Delivery is at least once: handlers must be idempotent.
 *
 * <p>An instance with no queue only enqueues (a web server); one with queues also works them. Any
 * number of instances, in any number of processes, share one table. Thread-safe.
 *
 * {@snippet :
 * record SendWelcome(long userId) {}
 *
 * try (Jobs jobs = Jobs.builder(pool)
 *         .queue("default", 10)                                   // work "default", 10 at a time
 *         .worker(SendWelcome.class, job -> mailer.welcome(job.userId()))
 *         .build()) {                                             // migrates, listens, starts fetching
 *     pool.transaction(tx -> {
 *         long userId = tx.queryValue(Long.class, "INSERT INTO users (name) VALUES ($1) RETURNING id", name);
 *         jobs.enqueue(tx, new SendWelcome(userId));              // runs only if this commits
 *     });
 * }
 * }
 */
public interface Jobs extends AutoCloseable {
    /** Starts configuring an instance on {@code pool}. */
    static Builder builder(PgPool pool) {
        return new Builder(pool);
    }

    /** Enqueues {@code job} with its kind's defaults in a transaction of its own; returns its id. */
    default long enqueue(Object job) {
        return enqueue(job, EnqueueOptions.defaults());
    }

    /** Enqueues {@code job} with {@code options} in a transaction of its own; returns its id. */
    long enqueue(Object job, EnqueueOptions options);

    /**
     * Enqueues {@code job} through {@code db}: pass the connection {@code transaction(tx -> ...)} gave you
     * and the job is part of that transaction (it never runs if it rolls back; workers are notified at
     * commit). Returns its id.
     *
     * @throws JobsException when the job cannot be written as JSON
     */
    default long enqueue(PgQueries db, Object job) {
        return enqueue(db, job, EnqueueOptions.defaults());
    }

    /** Enqueues {@code job} with {@code options} through {@code db}; see {@link #enqueue(PgQueries, Object)}. */
    long enqueue(PgQueries db, Object job, EnqueueOptions options);

    /** Enqueues every job of {@code jobs} with their kinds' defaults; see {@link #enqueueAll(PgQueries, List, EnqueueOptions)}. */
    default List<Long> enqueueAll(PgQueries db, List<?> jobs) {
        return enqueueAll(db, jobs, EnqueueOptions.defaults());
    }

    /**
     * Enqueues every job of {@code jobs} (of any kinds) with one statement through {@code db}, all with
     * {@code options}; returns their ids in the list's order. Atomic: all or none.
     */
    List<Long> enqueueAll(PgQueries db, List<?> jobs, EnqueueOptions options);

    /**
     * Cancels job {@code id}: a waiting job will never run, a running one is cancelled through weft-core
     * cancellation wherever it runs (its handler's next blocking call throws {@code Cancelled}).
     *
     * @return false when the job does not exist or had already finished
     */
    boolean cancel(long id);

    /**
     * Makes job {@code id} due now, whatever it ended as (Oban's {@code retry_job}): a discarded,
     * cancelled, completed, retryable or scheduled job; a job out of attempts gets one more.
     *
     * @return false when the job does not exist or is running or already available
     */
    boolean retry(long id);

    /** The job's row, or empty when there is none (never enqueued, or pruned). */
    Optional<JobInfo> find(long id);

    /**
     * Shuts down gracefully: stops fetching, lets running jobs finish within the shutdown timeout, then
     * cancels the rest and puts them back to available without counting the attempt. Blocks until every
     * thread the instance started has ended. Idempotent.
     */
    @Override
    void close();

    /**
     * Configures a {@link Jobs}; not thread-safe, use it from one thread. Defaults in brackets.
     *
     * {@snippet :
     * Jobs jobs = Jobs.builder(pool)
     *         .schema("jobs")                          // [weft_jobs]
     *         .queue("default", 10).queue("mail", 2)
     *         .worker(SendWelcome.class, job -> mailer.welcome(job.userId()))
     *         .pollInterval(Duration.ofSeconds(1))     // [1 s] fallback when no NOTIFY arrives
     *         .lease(Duration.ofMinutes(1))            // [1 min] a crashed worker's job runs again after this
     *         .build();
     * }
     */
    final class Builder {
        private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,47}");

        final PgPool pool;
        String schema = "weft_jobs";
        final Map<String, Integer> queues = new LinkedHashMap<>();
        final List<Workers.Registration<?>> workers = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        Duration pollInterval = Duration.ofSeconds(1);
        Duration lease = Duration.ofMinutes(1);
        Duration timeout = Duration.ofMinutes(5);
        int maxAttempts = 20;
        Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofHours(1));
        Duration shutdownTimeout = Duration.ofSeconds(30);
        Duration pruneAfter = Duration.ofDays(1);
        Duration pruneInterval = Duration.ofMinutes(1);
        int pruneBatch = 1000;
        boolean migrate = true;
        String instanceName;

        private Builder(PgPool pool) {
            this.pool = Objects.requireNonNull(pool, "pool");
        }

        /**
         * The schema of the jobs table, created by the migration [weft_jobs]. It must be a schema of
         * its own: it also holds the migration history. Lower-case, at most 48 characters (the NOTIFY
         * channels are named after it).
         */
        public Builder schema(String name) {
            if (name == null || !SCHEMA.matcher(name).matches()) {
                throw new IllegalArgumentException("schema must be a lower-case identifier of at most 48 characters: " + name);
            }
            this.schema = name;
            return this;
        }

        /** Works queue {@code name}, running at most {@code concurrency} of its jobs at once in this instance. */
        public Builder queue(String name, int concurrency) {
            Names.requireName("queue", name);
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency of queue " + name + " < 1: " + concurrency);
            }
            queues.put(name, concurrency);
            return this;
        }

        /** Runs jobs of type {@code type} with {@code handler}, with the builder's defaults. */
        public <T> Builder worker(Class<T> type, JobHandler<? super T> handler) {
            return worker(type, WorkerOptions.defaults(), handler);
        }

        /** Runs jobs of type {@code type} with {@code handler} and {@code options}. */
        public <T> Builder worker(Class<T> type, WorkerOptions options, JobHandler<? super T> handler) {
            workers.add(new Workers.Registration<>(Objects.requireNonNull(type, "type"),
                    Objects.requireNonNull(options, "options"), Objects.requireNonNull(handler, "handler")));
            return this;
        }

        /** The Jackson mapper that writes and reads the jobs' JSON [a plain {@code new ObjectMapper()}]. */
        public Builder objectMapper(ObjectMapper value) {
            this.mapper = Objects.requireNonNull(value, "objectMapper");
            return this;
        }

        /** How often a queue looks for due jobs when no NOTIFY woke it, and scheduled jobs are made due [1 s]. */
        public Builder pollInterval(Duration value) {
            this.pollInterval = positive("pollInterval", value);
            return this;
        }

        /**
         * How long a fetched job stays claimed without a heartbeat [1 min]; the heartbeat renews it every
         * third of that, and expired leases are rescued every half of it.
         */
        public Builder lease(Duration value) {
            this.lease = positive("lease", value);
            if (value.toMillis() < 300) {
                throw new IllegalArgumentException("lease < 300 ms: " + value);
            }
            return this;
        }

        /** The deadline of one attempt of a kind that sets none [5 min]. */
        public Builder timeout(Duration value) {
            this.timeout = positive("timeout", value);
            return this;
        }

        /** Attempts of a job whose kind and enqueue set none [20]. */
        public Builder maxAttempts(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxAttempts < 1: " + value);
            }
            this.maxAttempts = value;
            return this;
        }

        /**
         * The pause before a failed job's next attempt: {@code initial * 2^(attempt-1)}, capped at
         * {@code max}, of which a random half is taken off as jitter [2 s, 1 h].
         */
        public Builder backoff(Duration initial, Duration max) {
            this.backoff = new Backoff(initial, max);
            return this;
        }

        /** How long {@link Jobs#close()} lets running jobs finish before cancelling them [30 s]. */
        public Builder shutdownTimeout(Duration value) {
            this.shutdownTimeout = Objects.requireNonNull(value, "shutdownTimeout");
            if (value.isNegative()) {
                throw new IllegalArgumentException("shutdownTimeout < 0: " + value);
            }
            return this;
        }

        /**
         * Deletes completed, discarded and cancelled jobs older than {@code age}, every {@code interval},
         * {@code batch} rows per statement [1 day, 1 min, 1000].
         */
        public Builder prune(Duration age, Duration interval, int batch) {
            this.pruneAfter = positive("prune age", age);
            this.pruneInterval = positive("prune interval", interval);
            if (batch < 1) {
                throw new IllegalArgumentException("prune batch < 1: " + batch);
            }
            this.pruneBatch = batch;
            return this;
        }

        /** Whether {@link #build()} applies the schema's migrations [true]; false when deployment does it. */
        public Builder migrate(boolean value) {
            this.migrate = value;
            return this;
        }

        /** This instance's name in {@code attempted_by} [host:pid:random]; must be unique among live instances. */
        public Builder instanceName(String value) {
            this.instanceName = Names.requireName("instanceName", value);
            return this;
        }

        /**
         * Migrates the schema (unless turned off), then starts listening, fetching and the maintenance
         * tasks (scheduling, heartbeat, rescue, pruning) when there is at least one queue.
         *
         * @throws IllegalArgumentException when two workers share a kind, or a class has two kinds
         */
        public Jobs build() {
            return RealJobs.start(this);
        }

        private static Duration positive(String what, Duration value) {
            Objects.requireNonNull(value, what);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + value);
            }
            return value;
        }
    }
}
