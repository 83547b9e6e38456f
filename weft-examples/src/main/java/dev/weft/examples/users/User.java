package dev.weft.examples.users;

/**
 * One row of the {@code users} table, as the API returns it.
 *
 * {@snippet :
 * User ada = new User(1, "Ada Lovelace", "ada@example.org", 36);
 * }
 *
 * @param age may be null: the column is optional
 */
public record User(long id, String name, String email, Integer age) {
}
