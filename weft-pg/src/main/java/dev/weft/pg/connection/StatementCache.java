package dev.weft.pg.connection;

import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.protocol.FrontendMessages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The per-connection LRU of prepared statements, keyed by SQL text. With capacity 0 every statement is
 * the unnamed one (re-parsed on each run, as pgbouncer's transaction mode needs); only its description
 * is remembered, in a bounded map. Evicted named statements are closed on the server by Close messages
 * that ride along with the next exchange. Thread-safe.
 */
final class StatementCache {
    /** How many descriptions of unnamed statements are remembered when the cache is off. */
    private static final int UNNAMED_DESCRIPTIONS = 256;

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, Statement> statements;
    private final List<String> toClose = new ArrayList<>();
    private long counter;

    StatementCache(int capacity) {
        this.capacity = capacity;
        int bound = capacity == 0 ? UNNAMED_DESCRIPTIONS : capacity;
        this.statements = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Statement> eldest) {
                if (size() <= bound) {
                    return false;
                }
                retire(eldest.getValue());
                return true;
            }
        };
    }

    /** A lookup's answer: the statement and whether the caller must prepare it. */
    record Lookup(Statement statement, boolean mustPrepare) {
    }

    /** Finds the statement for {@code sql}, or registers a new one that the caller must prepare. */
    Lookup lookup(String sql) {
        lock.lock();
        try {
            Statement existing = statements.get(sql);
            if (existing != null) {
                return new Lookup(existing, false);
            }
            var created = new Statement(sql, capacity == 0 ? "" : "weft_" + (++counter));
            statements.put(sql, created);
            return new Lookup(created, true);
        } finally {
            lock.unlock();
        }
    }

    /** A statement outside the cache (for {@code prepare()}), with a fresh name. */
    Statement detached(String sql) {
        lock.lock();
        try {
            return new Statement(sql, "weft_" + (++counter));
        } finally {
            lock.unlock();
        }
    }

    /** Drops {@code statement} (failed to prepare, or its plan is stale) and closes it on the server. */
    void invalidate(Statement statement) {
        lock.lock();
        try {
            if (statements.get(statement.sql) == statement) {
                statements.remove(statement.sql);
                retire(statement);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Schedules the Close of a statement that will not be used again. */
    void retire(Statement statement) {
        lock.lock();
        try {
            statement.closed = true;
            if (statement.named()) {
                toClose.add(statement.name);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes the pending Close messages into {@code out} (ahead of an exchange's own messages). */
    void writePendingCloses(WriteBuffer out) {
        lock.lock();
        try {
            for (String name : toClose) {
                FrontendMessages.close(out, 'S', name);
            }
            toClose.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Forgets everything (after the server dropped all statements). */
    void clear() {
        lock.lock();
        try {
            statements.clear();
            toClose.clear();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return statements.size();
        } finally {
            lock.unlock();
        }
    }
}
