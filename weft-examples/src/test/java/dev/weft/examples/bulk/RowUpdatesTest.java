package dev.weft.examples.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnection;
import dev.weft.pg.Row;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedPostgresExtension.class)
class RowUpdatesTest {
    private static final int ROWS = 1_000;

    private PgConnection conn;

    @BeforeEach
    void connect(TestDatabase database) {
        conn = PgConnection.connect(database.uri("scram_user", "scram_pass"));
        RowUpdates.createItems(conn, ROWS);
    }

    @AfterEach
    void close() {
        conn.close();
    }

    @ParameterizedTest
    @EnumSource(RowUpdates.Way.class)
    void everyWayWritesEveryValue(RowUpdates.Way way) {
        Map<Integer, Integer> changes = new LinkedHashMap<>();
        for (int id = 1; id <= ROWS; id++) {
            changes.put(id, id * 7 + way.ordinal());
        }
        way.apply(conn, changes);
        assertThat(values()).isEqualTo(changes);
    }

    @ParameterizedTest
    @EnumSource(RowUpdates.Way.class)
    void aFailingChangeLeavesEveryRowAsItWas(RowUpdates.Way way) {
        conn.execute("ALTER TABLE items ADD CHECK (value < 1000)");
        Map<Integer, Integer> changes = new LinkedHashMap<>();
        for (int id = 1; id <= ROWS; id++) {
            changes.put(id, id == ROWS / 2 ? 5_000 : 1);
        }
        assertThatThrownBy(() -> way.apply(conn, changes)).hasMessageContaining("items_value_check");
        assertThat(values().values()).containsOnly(0);
        assertThat(conn.queryValue(Integer.class, "SELECT 1")).isEqualTo(1);
    }

    private Map<Integer, Integer> values() {
        Map<Integer, Integer> values = new HashMap<>();
        for (Row row : conn.query("SELECT id, value FROM items")) {
            values.put(row.get(0, Integer.class), row.get(1, Integer.class));
        }
        return values;
    }
}
