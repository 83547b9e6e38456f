package dev.weft.examples.users;

import dev.weft.api.Description;
import dev.weft.pg.Row;
import java.util.Optional;

/**
 * One row of the {@code users} table, as the API returns it; a missing e-mail address or age is
 * {@code null} in JSON.
 *
 * {@snippet :
 * User ada = new User(1, "Ada Lovelace", Optional.of("ada@example.org"), Optional.of(36));
 * }
 */
@Description("A user of the demo")
public record User(long id, String name, Optional<String> email, Optional<Integer> age) {

    /** Reads the row of a {@code SELECT id, name, email, age}. */
    static User of(Row row) {
        return new User(row.getLong("id"), row.getString("name"),
                Optional.ofNullable(row.getString("email")), Optional.ofNullable(row.get("age", Integer.class)));
    }
}
