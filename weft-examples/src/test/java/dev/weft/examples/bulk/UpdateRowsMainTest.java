package dev.weft.examples.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The bulk example on a database that already has an {@code items} table of its own: it stays untouched. */
@ExtendWith(EmbeddedPostgresExtension.class)
class UpdateRowsMainTest {

    @Test
    void worksInItsOwnSchemaAndLeavesTheUsersTablesAlone(TestDatabase database) {
        database.execute("CREATE TABLE public.items (id integer PRIMARY KEY, precious text);"
                + " INSERT INTO public.items VALUES (1, 'keep me');"
                + " GRANT CREATE ON DATABASE " + database.name() + " TO scram_user");
        var out = new ByteArrayOutputStream();
        UpdateRowsMain.run(database.uri("scram_user", "scram_pass"), 50, new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("Working in schema weft_bulk: table items (50 rows) is dropped and re-created.")
                .contains("ONE_BY_ONE", "BATCH", "COPY");
        assertThat(database.query("SELECT precious FROM public.items")).containsExactly(List.of("keep me"));
        assertThat(database.query("SELECT count(*) FROM weft_bulk.items")).containsExactly(List.of("50"));
    }

    @Test
    void aBadRowCountIsAUsageError() {
        assertThat(UpdateRowsMain.rows(new String[0])).isEqualTo(1_000);
        assertThat(UpdateRowsMain.rows(new String[] {"20"})).isEqualTo(20);
        for (String bad : List.of("abc", "0", "-5", "99999999999")) {
            assertThatThrownBy(() -> UpdateRowsMain.rows(new String[] {bad}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not a row count: " + bad + "\nusage: bulk.UpdateRowsMain");
        }
    }
}
