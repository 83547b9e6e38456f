package dev.weft.examples.bulk;

import dev.weft.pg.PgConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The seeds' "update thousands of rows" program, written the three ways one can: one statement per row,
 * one pipelined batch, and COPY into a temporary table followed by a single UPDATE. Each way applies
 * the same {@code id → value} changes to table {@code items(id int primary key, value int)}.
 *
 * {@snippet :
 * Map<Integer, Integer> changes = Map.of(1, 10, 2, 20);
 * RowUpdates.Way.BATCH.apply(conn, changes);
 * }
 */
public final class RowUpdates {
    private static final String UPDATE_ONE = "UPDATE items SET value = $2 WHERE id = $1";

    private RowUpdates() {
    }

    /** The ways to apply the changes, from slowest to fastest. */
    public enum Way {
        /** One statement and one round trip per row, as a first translation of a loop would do. */
        ONE_BY_ONE {
            @Override
            public void apply(PgConnection conn, Map<Integer, Integer> changes) {
                conn.transaction(tx -> changes.forEach((id, value) -> tx.execute(UPDATE_ONE, id, value)));
            }
        },
        /** Every Bind/Execute written back to back with one Sync: one round trip (asyncpg's executemany). */
        BATCH {
            @Override
            public void apply(PgConnection conn, Map<Integer, Integer> changes) {
                List<Object[]> rows = new ArrayList<>(changes.size());
                changes.forEach((id, value) -> rows.add(new Object[] {id, value}));
                conn.executeBatch(UPDATE_ONE, rows);
            }
        },
        /** The changes COPYed (binary) into a temporary table, then one UPDATE joining it. */
        COPY {
            @Override
            public void apply(PgConnection conn, Map<Integer, Integer> changes) {
                List<Object[]> rows = new ArrayList<>(changes.size());
                changes.forEach((id, value) -> rows.add(new Object[] {id, value}));
                conn.transaction(tx -> {
                    tx.execute("CREATE TEMP TABLE item_changes (id integer, value integer) ON COMMIT DROP");
                    tx.copyIn("item_changes", List.of("id", "value"), rows);
                    tx.execute("UPDATE items SET value = c.value FROM item_changes c WHERE items.id = c.id");
                });
            }
        };

        /** Applies every change, all or nothing. */
        public abstract void apply(PgConnection conn, Map<Integer, Integer> changes);
    }

    /** Creates table {@code items} with ids 1..{@code count}, every value 0. */
    public static void createItems(PgConnection conn, int count) {
        conn.execute("DROP TABLE IF EXISTS items; CREATE TABLE items (id integer PRIMARY KEY, value integer NOT NULL)");
        conn.execute("INSERT INTO items SELECT g, 0 FROM generate_series(1, $1) g", count);
    }
}
