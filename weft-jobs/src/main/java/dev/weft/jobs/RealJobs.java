package dev.weft.jobs;

import dev.weft.core.CancelScope;
import dev.weft.core.Cancellation;
import dev.weft.core.Deadline;
import dev.weft.core.Supervisor;
import dev.weft.pg.PgQueries;
import dev.weft.pg.migrate.Migration;
import dev.weft.pg.migrate.Migrations;
import dev.weft.pg.pool.NotificationHandler;
import dev.weft.pg.pool.PgPool;
import dev.weft.pg.pool.Subscription;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The one implementation of {@link Jobs}. Its threads live in three supervisors, closed in order by
 * {@link #close()}: the queues' fetch loops (stopped first, so nothing new starts), the attempts
 * (drained, then stopped), and the maintenance loops (heartbeat last, so leases stay fresh while
 * attempts drain).
 */
final class RealJobs implements Jobs {
    static final String DEFAULT_QUEUE = "default";
    private static final System.Logger LOG = System.getLogger(Jobs.class.getName());
    /** The files of {@code migration/}, in order: modules do not list resources, so the list is here. */
    private static final List<String> MIGRATIONS = List.of("V1__jobs.sql");
    /** Rows one maintenance statement changes at most. */
    private static final int MAINTENANCE_BATCH = 1000;

    private final PgPool pool;
    private final JobStore store;
    private final Workers workers;
    private final String instance;
    private final Duration pollInterval;
    private final Duration lease;
    private final Duration shutdownTimeout;
    private final Duration pruneAfter;
    private final int pruneBatch;
    private final int defaultMaxAttempts;
    private final Backoff backoff;
    private final Map<String, QueueRunner> runners = new LinkedHashMap<>();
    private final Map<Long, Attempt> running = new ConcurrentHashMap<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final Supervisor fetchers = Supervisor.open("weft-jobs fetch");
    private final Supervisor attempts = Supervisor.open("weft-jobs attempts");
    private final Supervisor maintenance = Supervisor.open("weft-jobs maintenance");
    /** Present when the instance works queues. */
    private Completions completions;
    private final ReentrantLock closeLock = new ReentrantLock();
    private boolean closed;

    private RealJobs(Builder b, Workers workers) {
        this.pool = b.pool;
        this.workers = workers;
        this.store = new JobStore(b.pool, b.mapper, b.schema);
        this.instance = b.instanceName != null ? b.instanceName : defaultInstanceName();
        this.pollInterval = b.pollInterval;
        this.lease = b.lease;
        this.shutdownTimeout = b.shutdownTimeout;
        this.pruneAfter = b.pruneAfter;
        this.pruneBatch = b.pruneBatch;
        this.defaultMaxAttempts = b.maxAttempts;
        this.backoff = b.backoff;
        b.queues.forEach((queue, concurrency) -> runners.put(queue, new QueueRunner(this, queue, concurrency)));
    }

    static Jobs start(Builder b) {
        Workers workers = new Workers(b.mapper, b.workers, b.timeout, b.maxAttempts);   // refuses a bad set first
        if (b.migrate) {
            Migrations.of(migrations()).inSchema(b.schema).migrate(b.pool);
        }
        RealJobs jobs = new RealJobs(b, workers);
        try {
            jobs.startWorking(b.pruneInterval);
        } catch (RuntimeException e) {
            jobs.close();
            throw e;
        }
        return jobs;
    }

    private static List<Migration> migrations() {
        List<Migration> files = new ArrayList<>();
        for (String name : MIGRATIONS) {
            try (InputStream in = RealJobs.class.getResourceAsStream("migration/" + name)) {
                Objects.requireNonNull(in, () -> "weft-jobs is missing its migration " + name);
                files.add(Migration.of(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read weft-jobs migration " + name, e);
            }
        }
        return files;
    }

    private static String defaultInstanceName() {
        String host = Objects.requireNonNullElse(System.getenv("HOSTNAME"), "host");
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return host + ":" + ProcessHandle.current().pid() + ":" + HexFormat.of().formatHex(random);
    }

    /** An instance without queues only enqueues: it listens to nothing and runs no loop. */
    private void startWorking(Duration pruneInterval) {
        if (runners.isEmpty()) {
            return;
        }
        completions = new Completions(this);
        subscriptions.add(pool.listen(store.availableChannel(), NotificationHandler.of(
                note -> {
                    QueueRunner runner = runners.get(note.payload());
                    if (runner != null) {
                        runner.wake();
                    }
                },
                gap -> runners.values().forEach(QueueRunner::wake))));
        subscriptions.add(pool.listen(store.cancelChannel(), note -> cancelHere(note.payload())));
        for (QueueRunner runner : runners.values()) {
            fetchers.spawn("queue " + runner.queue(), runner::loop);
        }
        every("make due", pollInterval, () -> inBatches(MAINTENANCE_BATCH, () -> store.makeDue(MAINTENANCE_BATCH)));
        every("heartbeat", lease.dividedBy(3), this::heartbeat);
        every("rescue", lease.dividedBy(2), () -> inBatches(MAINTENANCE_BATCH, () -> store.rescue(MAINTENANCE_BATCH)));
        every("prune", pruneInterval, () -> inBatches(pruneBatch, () -> store.prune(pruneAfter, pruneBatch)));
    }

    /** Runs a bounded statement again while it changes a full batch: short statements, whole backlog. */
    private static void inBatches(int batch, LongSupplier statement) {
        while (statement.getAsLong() == batch) {
            Cancellation.check();
        }
    }

    /** Runs {@code action} every {@code interval} until close; a failure is logged and the next round comes. */
    private void every(String name, Duration interval, Runnable action) {
        maintenance.spawn(name, () -> {
            while (true) {
                Thread.sleep(interval);
                try {
                    action.run();
                } catch (RuntimeException e) {
                    Cancellation.check();
                    LOG.log(System.Logger.Level.WARNING, "weft-jobs " + name + " failed; next round in " + interval, e);
                }
            }
        });
    }

    private void heartbeat() {
        List<Long> ids = List.copyOf(running.keySet());
        if (!ids.isEmpty()) {
            store.heartbeat(ids, instance, lease);
        }
    }

    void startAttempt(Attempt attempt) {
        running.put(attempt.job().id(), attempt);
        attempt.start(attempts);
    }

    void ended(Attempt attempt) {
        running.remove(attempt.job().id(), attempt);
    }

    private void cancelHere(String payload) {
        try {
            Attempt attempt = running.get(Long.parseLong(payload));
            if (attempt != null) {
                attempt.stop(Attempt.Stop.CANCELLED);
            }
        } catch (NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "weft-jobs: ignored a cancel notification that names no job: " + payload);
        }
    }

    @Override
    public long enqueue(Object job, EnqueueOptions options) {
        return enqueue(pool, job, options);
    }

    @Override
    public long enqueue(PgQueries db, Object job, EnqueueOptions options) {
        return enqueueAll(db, List.of(Objects.requireNonNull(job, "job")), options).getFirst();
    }

    @Override
    public List<Long> enqueueAll(PgQueries db, List<?> jobs, EnqueueOptions options) {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(options, "options");
        if (jobs.isEmpty()) {
            return List.of();
        }
        List<JobStore.NewJob> rows = new ArrayList<>(jobs.size());
        for (Object job : jobs) {
            Objects.requireNonNull(job, "job");
            Workers.Worker<?> worker = workers.forClass(job.getClass());
            String queue = options.queue() != null ? options.queue() : worker != null ? worker.queue() : DEFAULT_QUEUE;
            int maxAttempts = options.maxAttempts() != null ? options.maxAttempts()
                    : worker != null ? worker.maxAttempts() : defaultMaxAttempts;
            rows.add(new JobStore.NewJob(queue, workers.kindOf(job.getClass()), workers.toJson(job), options.priority(),
                    options.runAt(), options.runAfter(), maxAttempts));
        }
        return store.insert(db, rows);
    }

    @Override
    public boolean cancel(long id) {
        Optional<JobState> before = store.cancel(id);
        if (before.isPresent() && before.get() == JobState.RUNNING) {
            cancelHere(Long.toString(id));     // the NOTIFY reaches other instances; this one need not wait for it
        }
        return before.isPresent();
    }

    @Override
    public boolean retry(long id) {
        return store.retry(id);
    }

    @Override
    public Optional<JobInfo> find(long id) {
        return store.find(id);
    }

    @Override
    public void close() {
        closeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            fetchers.close();
            if (!attempts.awaitIdle(shutdownTimeout)) {
                running.values().forEach(attempt -> attempt.stop(Attempt.Stop.SHUTDOWN));
            }
            attempts.close();
            releaseUnstarted();
            if (completions != null) {
                completions.close(Attempt.SETTLE_TIMEOUT);
            }
            subscriptions.forEach(Subscription::close);
            maintenance.close();
        } finally {
            closeLock.unlock();
        }
    }

    /** Attempts whose thread was cancelled before it began never wrote an outcome: put their jobs back. */
    private void releaseUnstarted() {
        for (Attempt attempt : running.values()) {
            try {
                CancelScope.shielded(() -> Deadline.within(Attempt.SETTLE_TIMEOUT, () -> store.release(attempt.job(), instance)));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "job " + attempt.job().id() + " not released; its lease will expire", e);
            }
        }
        running.clear();
    }

    Completions completions() {
        return completions;
    }

    JobStore store() {
        return store;
    }

    Workers workers() {
        return workers;
    }

    String instance() {
        return instance;
    }

    Duration pollInterval() {
        return pollInterval;
    }

    Duration lease() {
        return lease;
    }

    Backoff backoff() {
        return backoff;
    }
}
