package dev.weft.examples.users;

import dev.weft.api.Description;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;

/**
 * The JSON body of {@code POST /users} and {@code PUT /users/{id}}: every field a client may set. Only
 * the name is required; weft-api answers 422 naming each field that breaks a constraint.
 *
 * {@snippet :
 * var input = new UserInput("Ada Lovelace", Optional.empty(), Optional.of(36));
 * }
 */
@Description("A user's fields: POST creates a user with them, PUT replaces all of them")
public record UserInput(
        @NotBlank @Size(max = MAX_NAME_LENGTH) @Pattern(regexp = NO_NUL, message = NUL_MESSAGE) String name,
        @Email @Size(min = 1, max = MAX_EMAIL_LENGTH) Optional<String> email,
        @Min(0) @Max(MAX_AGE) Optional<Integer> age) {
    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_EMAIL_LENGTH = 254;
    static final int MAX_AGE = 150;
    /** PostgreSQL's text cannot hold U+0000: refused here with a 422 rather than by the server with a 500. */
    static final String NO_NUL = "[^\\x00]*";
    static final String NUL_MESSAGE = "must not contain the character U+0000";
    /**
     * {@code @NotBlank} and {@link #NO_NUL} in one pattern, for optional names: weft-api hands a missing
     * value to constraints as null, which {@code @NotBlank} refuses, and its docs show one pattern.
     */
    static final String VISIBLE_NO_NUL = "[^\\x00]*[^\\s\\x00][^\\x00]*";
    static final String VISIBLE_NO_NUL_MESSAGE = "must not be blank or contain the character U+0000";
}
