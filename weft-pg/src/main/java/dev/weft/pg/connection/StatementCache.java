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

    /** The cached statement for {@code sql} (possibly still being prepared), or null. */
    Statement lookup(String sql) {
        lock.lock();
        try {
            return statements.get(sql);
        } finally {
            lock.unlock();
        }
    }

    /** A new statement for {@code sql}, not yet cached: named, or unnamed when the cache is off. */
    Statement create(String sql) {
        lock.lock();
        try {
            return new Statement(sql, capacity == 0 ? "" : "weft_" + (++counter));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Caches {@code statement} unless another one for the same SQL got there first. Called once its
     * Parse is queued, so a cached statement that is not ready yet is always on its way to the server:
     * waiting for it cannot wait on a caller that is itself waiting (for a transaction, say).
     */
    void register(Statement statement) {
        lock.lock();
        try {
            statements.putIfAbsent(statement.sql, statement);
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code statement} is the cached one for its SQL. */
    boolean isCached(Statement statement) {
        lock.lock();
        try {
            return statements.get(statement.sql) == statement;
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
}
