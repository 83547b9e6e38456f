package dev.weft.pg.migrate;

import java.util.List;

/**
 * What one {@link Migrations#migrate} run did: the files it applied, in order, and how many were
 * applied before it started. Immutable.
 *
 * {@snippet :
 * MigrationReport report = migrations.migrate(pool);
 * if (!report.applied().isEmpty()) {
 *     log.info(report.toString()); // applied [V2__add_email_index.sql], 1 already applied
 * }
 * }
 *
 * @param applied        the migrations this run applied
 * @param alreadyApplied how many of the set's migrations the database had applied before
 */
public record MigrationReport(List<Migration> applied, int alreadyApplied) {
    /** Copies the list; a negative count throws {@link IllegalArgumentException}. */
    public MigrationReport {
        applied = List.copyOf(applied);
        if (alreadyApplied < 0) {
            throw new IllegalArgumentException("alreadyApplied < 0: " + alreadyApplied);
        }
    }

    @Override
    public String toString() {
        return "applied " + applied.stream().map(Migration::script).toList() + ", " + alreadyApplied + " already applied";
    }
}
