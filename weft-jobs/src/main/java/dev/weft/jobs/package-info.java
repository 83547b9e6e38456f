/**
 * A durable job queue on PostgreSQL: typed jobs enqueued inside the caller's transaction, workers, retries, schedules and leases.
 */
package dev.weft.jobs;
