package dev.weft.jobs;

import java.time.Instant;

/**
 * What ended one failed attempt of a job: kept in {@code jobs.errors}, one entry per attempt.
 *
 * {@snippet :
 * for (JobError e : jobs.find(id).orElseThrow().errors()) log.info("attempt {} at {}: {}", e.attempt(), e.at(), e.error());
 * }
 *
 * @param attempt the attempt's number, from 1
 * @param at      when it failed
 * @param error   the exception's class and message (or why the attempt was lost, for a rescued job)
 * @param stack   the stack trace, bounded in length; empty when there was none
 */
public record JobError(int attempt, Instant at, String error, String stack) {
}
