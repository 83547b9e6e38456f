package dev.weft.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.pg.PgQueries;
import dev.weft.pg.Row;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every statement weft-jobs runs, on the table {@code <schema>.jobs}. Each state change that makes
 * jobs available sends {@code pg_notify(<schema>_available, queue)} in the same statement, so the
 * wake-up is delivered exactly when the change commits. A running job's row is only changed by the
 * worker that holds it: updates check {@code attempted_by} and {@code attempt}, so a worker whose lease
 * was rescued cannot overwrite the next attempt. Thread-safe: stateless over the pool.
 */
final class JobStore {
    private static final Set<JobState> CANCELLABLE = EnumSet.of(JobState.AVAILABLE, JobState.SCHEDULED,
            JobState.RETRYABLE, JobState.RUNNING);
    private static final String FINISHED = "('completed', 'discarded', 'cancelled')";
    private static final int MAX_STACK_CHARS = 8_000;

    private final PgQueries pool;
    private final ObjectMapper mapper;
    private final String table;
    private final String availableChannel;
    private final String cancelChannel;

    /** One job to insert; {@code runAt} or {@code delay} (either may be null) say when it is due. */
    record NewJob(String queue, String kind, String json, int priority, Instant runAt, Duration delay, int maxAttempts) {
    }

    /** A job claimed by this instance: what its attempt needs. */
    record Claimed(long id, String queue, String kind, String json, int attempt, int maxAttempts) {
    }

    JobStore(PgQueries pool, ObjectMapper mapper, String schema) {
        this.pool = pool;
        this.mapper = mapper;
        this.table = schema + ".jobs";
        this.availableChannel = schema + "_available";
        this.cancelChannel = schema + "_cancel";
    }

    String availableChannel() {
        return availableChannel;
    }

    String cancelChannel() {
        return cancelChannel;
    }

    /** Wraps a statement ending in {@code RETURNING queue, state}: notifies the queues it made available, returns its row count. */
    private String notifying(String change) {
        return "WITH changed AS (" + change + "), woken AS (SELECT count(pg_notify('" + availableChannel
                + "', queue)) FROM (SELECT DISTINCT queue FROM changed WHERE state = 'available') q)"
                + " SELECT count(*) FROM changed, woken";
    }

    private long countNotifying(PgQueries db, String change, Object... args) {
        return db.queryValue(Long.class, notifying(change), args);
    }

    List<Long> insert(PgQueries db, List<NewJob> jobs) {
        int n = jobs.size();
        List<String> queues = new ArrayList<>(n);
        List<String> kinds = new ArrayList<>(n);
        List<String> args = new ArrayList<>(n);
        List<Integer> priorities = new ArrayList<>(n);
        List<Instant> runAts = new ArrayList<>(n);
        List<Long> delays = new ArrayList<>(n);
        List<Integer> maxAttempts = new ArrayList<>(n);
        List<Integer> order = new ArrayList<>(n);
        for (NewJob job : jobs) {
            queues.add(job.queue());
            kinds.add(job.kind());
            args.add(job.json());
            priorities.add(job.priority());
            runAts.add(job.runAt());
            delays.add(job.delay() == null ? null : job.delay().toMillis());
            maxAttempts.add(job.maxAttempts());
            order.add(order.size());
        }
        String sql = "WITH input AS (SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::int[],"
                + " $5::timestamptz[], $6::bigint[], $7::int[], $8::int[])"
                + " AS t(queue, kind, args, priority, run_at, delay_ms, max_attempts, ord)),"
                + " inserted AS (INSERT INTO " + table + " (queue, kind, args, priority, run_at, max_attempts, state)"
                + " SELECT queue, kind, args, priority, due.at, max_attempts,"
                + " CASE WHEN due.at > now() THEN 'scheduled' ELSE 'available' END"
                + " FROM input, LATERAL (SELECT coalesce(input.run_at,"
                + " now() + coalesce(input.delay_ms, 0) * interval '1 millisecond') AS at) due"
                + " ORDER BY ord RETURNING id, queue, state),"
                + " woken AS (SELECT count(pg_notify('" + availableChannel + "', queue))"
                + " FROM (SELECT DISTINCT queue FROM inserted WHERE state = 'available') q)"
                + " SELECT id FROM inserted, woken ORDER BY id";
        return db.query(sql, queues, kinds, args, priorities, runAts, delays, maxAttempts, order).stream()
                .map(row -> row.getLong(0)).toList();
    }

    /** Claims up to {@code limit} due jobs of {@code queue} whose kind is one of {@code kinds}. */
    List<Claimed> claim(String queue, List<String> kinds, int limit, String instance, Duration lease) {
        String sql = "UPDATE " + table + " SET state = 'running', attempt = attempt + 1, attempted_at = now(),"
                + " lease_until = now() + $4::bigint * interval '1 millisecond', attempted_by = $3"
                + " WHERE id IN (SELECT id FROM " + table + " WHERE queue = $1 AND state = 'available'"
                + " AND run_at <= now() AND kind = ANY($2::text[])"
                + " ORDER BY priority, run_at, id LIMIT $5 FOR UPDATE SKIP LOCKED)"
                + " RETURNING id, queue, kind, args::text, attempt, max_attempts";
        return pool.query(sql, queue, kinds, instance, lease.toMillis(), limit).stream()
                .map(r -> new Claimed(r.getLong(0), r.getString(1), r.getString(2), r.getString(3), r.getInt(4), r.getInt(5)))
                .toList();
    }

    /**
     * Marks the attempts {@code done} completed with one statement; attempts no longer theirs (cancelled,
     * rescued meanwhile) are left alone. Returns how many were marked.
     */
    long completeAll(List<Claimed> done, String instance) {
        List<Long> ids = done.stream().map(Claimed::id).toList();
        List<Integer> attempts = done.stream().map(Claimed::attempt).toList();
        return pool.execute("UPDATE " + table + " j SET state = 'completed', finished_at = now(), lease_until = NULL"
                + " FROM unnest($1::bigint[], $2::int[]) AS done(id, attempt)"
                + " WHERE j.id = done.id AND j.attempt = done.attempt AND j.attempted_by = $3 AND j.state = 'running'",
                ids, attempts, instance);
    }

    /**
     * Records the attempt's failure and makes the job retryable after {@code pause}, or discards it when
     * it had its last attempt or {@code discard} says retrying cannot help.
     */
    boolean fail(Claimed job, String instance, Throwable failure, Duration pause, boolean discard) {
        String last = "($6 OR attempt >= max_attempts)";
        return pool.execute("UPDATE " + table + " SET"
                + " state = CASE WHEN " + last + " THEN 'discarded' ELSE 'retryable' END,"
                + " run_at = CASE WHEN " + last + " THEN run_at ELSE now() + $7::bigint * interval '1 millisecond' END,"
                + " finished_at = CASE WHEN " + last + " THEN now() END, lease_until = NULL,"
                + " errors = errors || jsonb_build_array(jsonb_build_object('attempt', attempt, 'at', now(),"
                + " 'error', $4::text, 'stack', $5::text))"
                + " WHERE id = $1 AND attempt = $2 AND attempted_by = $3 AND state = 'running'",
                job.id(), job.attempt(), instance, describe(failure), stackOf(failure), discard, pause.toMillis()) == 1;
    }

    /** Puts a job this instance stopped without a verdict (shutdown) back, not counting the attempt. */
    boolean release(Claimed job, String instance) {
        return countNotifying(pool, "UPDATE " + table + " SET state = 'available', attempt = attempt - 1,"
                + " lease_until = NULL, attempted_by = NULL"
                + " WHERE id = $1 AND attempt = $2 AND attempted_by = $3 AND state = 'running' RETURNING queue, state",
                job.id(), job.attempt(), instance) == 1;
    }

    /** Renews the leases of the jobs {@code ids} this instance runs. */
    long heartbeat(List<Long> ids, String instance, Duration lease) {
        return pool.execute("UPDATE " + table + " SET lease_until = now() + $3::bigint * interval '1 millisecond'"
                + " WHERE id = ANY($1::bigint[]) AND attempted_by = $2 AND state = 'running'", ids, instance, lease.toMillis());
    }

    /**
     * Returns up to {@code limit} jobs whose lease expired (their worker died or lost the database) to
     * available, the lost attempt counted and recorded; discards those out of attempts.
     */
    long rescue(int limit) {
        String last = "attempt >= max_attempts";
        return countNotifying(pool, "UPDATE " + table + " SET"
                + " state = CASE WHEN " + last + " THEN 'discarded' ELSE 'available' END,"
                + " finished_at = CASE WHEN " + last + " THEN now() END, lease_until = NULL,"
                + " errors = errors || jsonb_build_array(jsonb_build_object('attempt', attempt, 'at', now(),"
                + " 'error', 'lease expired: worker ' || coalesce(attempted_by, '?') || ' stopped renewing it', 'stack', ''))"
                + " WHERE id IN (SELECT id FROM " + table + " WHERE state = 'running' AND lease_until < now()"
                + " ORDER BY lease_until LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING queue, state", limit);
    }

    /** Makes up to {@code limit} scheduled and retryable jobs that are due available. */
    long makeDue(int limit) {
        return countNotifying(pool, "UPDATE " + table + " SET state = 'available'"
                + " WHERE id IN (SELECT id FROM " + table + " WHERE state IN ('scheduled', 'retryable')"
                + " AND run_at <= now() ORDER BY run_at LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING queue, state", limit);
    }

    /** Deletes up to {@code limit} jobs that finished more than {@code age} ago. */
    long prune(Duration age, int limit) {
        return pool.execute("DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table
                + " WHERE state IN " + FINISHED + " AND finished_at < now() - $1::bigint * interval '1 millisecond'"
                + " LIMIT $2 FOR UPDATE SKIP LOCKED)", age.toMillis(), limit);
    }

    /** Cancels the job; returns the state it was in, empty when it does not exist or had finished. */
    Optional<JobState> cancel(long id) {
        return pool.transactionResult(tx -> {
            String before = tx.queryValue(String.class, "SELECT state FROM " + table + " WHERE id = $1 FOR UPDATE", id);
            if (before == null || !CANCELLABLE.contains(JobState.fromSql(before))) {
                return Optional.<JobState>empty();
            }
            tx.execute("UPDATE " + table + " SET state = 'cancelled', finished_at = now(), lease_until = NULL"
                    + " WHERE id = $1", id);
            JobState state = JobState.fromSql(before);
            if (state == JobState.RUNNING) {
                tx.execute("SELECT pg_notify($1, $2)::text", cancelChannel, Long.toString(id));
            }
            return Optional.of(state);
        });
    }

    /** Makes a finished, retryable or scheduled job due now, with one more attempt if it has none left. */
    boolean retry(long id) {
        return countNotifying(pool, "UPDATE " + table + " SET state = 'available', run_at = now(), finished_at = NULL,"
                + " max_attempts = greatest(max_attempts, attempt + 1)"
                + " WHERE id = $1 AND state IN ('scheduled', 'retryable', 'completed', 'discarded', 'cancelled')"
                + " RETURNING queue, state", id) == 1;
    }

    Optional<JobInfo> find(long id) {
        Row r = pool.queryOne("SELECT id, queue, kind, args::text, state, priority, attempt, max_attempts, run_at,"
                + " attempted_by, errors::text, created_at, finished_at FROM " + table + " WHERE id = $1", id);
        if (r == null) {
            return Optional.empty();
        }
        return Optional.of(new JobInfo(r.getLong(0), r.getString(1), r.getString(2), r.getString(3),
                JobState.fromSql(r.getString(4)), r.getInt(5), r.getInt(6), r.getInt(7), instant(r, 8), r.getString(9),
                errors(r.getString(10)), instant(r, 11), instant(r, 12)));
    }

    private List<JobError> errors(String json) {
        try {
            List<JobError> errors = new ArrayList<>();
            for (JsonNode e : mapper.readTree(json)) {
                errors.add(new JobError(e.path("attempt").asInt(), OffsetDateTime.parse(e.path("at").asText()).toInstant(),
                        e.path("error").asText(), e.path("stack").asText()));
            }
            return errors;
        } catch (JsonProcessingException e) {
            throw new JobsException("unreadable errors column: " + e.getOriginalMessage(), e);
        }
    }

    private static Instant instant(Row row, int index) {
        OffsetDateTime value = row.get(index, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getName() + (message == null ? "" : ": " + message);
    }

    private static String stackOf(Throwable failure) {
        var out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        String stack = out.toString();
        return stack.length() <= MAX_STACK_CHARS ? stack : stack.substring(0, MAX_STACK_CHARS) + "\n\t... (cut)";
    }
}
