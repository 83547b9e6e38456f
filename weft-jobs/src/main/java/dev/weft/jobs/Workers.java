package dev.weft.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The kinds an instance knows: the stored name of each job class, and the worker of each kind. Maps
 * jobs to JSON and back with the instance's Jackson mapper. Immutable once built.
 */
final class Workers {
    private final ObjectMapper mapper;
    private final Map<Class<?>, String> kindByClass = new HashMap<>();
    private final Map<String, Worker<?>> byKind = new HashMap<>();
    private final Map<Class<?>, Worker<?>> byClass = new HashMap<>();

    /** One {@code worker(...)} call of the builder. */
    record Registration<T>(Class<T> type, WorkerOptions options, JobHandler<? super T> handler) {
    }

    /** A kind's worker with its effective settings. */
    record Worker<T>(String kind, Class<T> type, String queue, Duration timeout, int maxAttempts,
            JobHandler<? super T> handler) {
        /** Runs the handler on {@code json}, read as the kind's type. */
        void run(ObjectMapper mapper, String json) throws Exception {
            T job;
            try {
                job = mapper.readValue(json, type);
            } catch (JsonProcessingException e) {
                throw new UnreadableJob("cannot read the JSON of a " + kind + " job as " + type.getName()
                        + ": " + e.getOriginalMessage(), e);
            }
            handler.run(job);
        }
    }

    /** A job whose JSON does not fit its type: retrying cannot help, so it is discarded at once. */
    static final class UnreadableJob extends JobsException {
        UnreadableJob(String message, Throwable cause) {
            super(message, cause);
        }
    }

    Workers(ObjectMapper mapper, List<Registration<?>> registrations, Duration timeout, int maxAttempts) {
        this.mapper = mapper;
        for (Registration<?> r : registrations) {
            add(r, timeout, maxAttempts);
        }
    }

    private <T> void add(Registration<T> r, Duration defaultTimeout, int defaultMaxAttempts) {
        WorkerOptions o = r.options();
        String kind = o.kind() != null ? o.kind() : defaultKind(r.type());
        var worker = new Worker<>(kind, r.type(), o.queue() != null ? o.queue() : RealJobs.DEFAULT_QUEUE,
                o.timeout() != null ? o.timeout() : defaultTimeout,
                o.maxAttempts() != null ? o.maxAttempts() : defaultMaxAttempts, r.handler());
        if (byKind.putIfAbsent(kind, worker) != null) {
            throw new IllegalArgumentException("two workers for kind " + kind + ": " + byKind.get(kind).type().getName()
                    + " and " + r.type().getName());
        }
        if (byClass.putIfAbsent(r.type(), worker) != null) {
            throw new IllegalArgumentException("two workers for " + r.type().getName());
        }
        kindByClass.put(r.type(), kind);
    }

    /** The kind {@code type} is stored under: its worker's, else its {@link JobKind}, else its simple name. */
    String kindOf(Class<?> type) {
        String registered = kindByClass.get(type);
        return registered != null ? registered : defaultKind(type);
    }

    private static String defaultKind(Class<?> type) {
        JobKind annotation = type.getAnnotation(JobKind.class);
        String kind = annotation != null ? annotation.value() : type.getSimpleName();
        return Names.requireName("kind of " + type.getName(), kind);
    }

    /** The worker registered for {@code type}, or null when the job is only enqueued here. */
    Worker<?> forClass(Class<?> type) {
        return byClass.get(type);
    }

    Worker<?> forKind(String kind) {
        return byKind.get(kind);
    }

    /** The kinds this instance has workers for: the only ones its fetches take. */
    List<String> kinds() {
        return List.copyOf(byKind.keySet());
    }

    ObjectMapper mapper() {
        return mapper;
    }

    String toJson(Object job) {
        Objects.requireNonNull(job, "job");
        try {
            return mapper.writeValueAsString(job);
        } catch (JsonProcessingException e) {
            throw new JobsException("cannot write a " + job.getClass().getName() + " job as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
