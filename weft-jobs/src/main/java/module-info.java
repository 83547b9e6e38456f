/**
 * A durable job queue on PostgreSQL (Oban, River, graphile-worker for Java): typed jobs enqueued
 * inside the caller's weft-pg transaction, fetched with {@code FOR UPDATE SKIP LOCKED} when NOTIFY
 * wakes a worker, retried with backoff, scheduled and rescued from crashed workers
 * through leases. The one package, {@code dev.weft.jobs}, is the API.
 */
module dev.weft.jobs {
    requires transitive dev.weft.core;
    requires transitive dev.weft.pg;
    requires transitive com.fasterxml.jackson.databind;

    exports dev.weft.jobs;
}
