package dev.weft.examples.users;

import dev.weft.api.Description;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;

/**
 * The JSON body of {@code PATCH /users/{id}}: the fields to change. A field that is missing (or null)
 * keeps its value, so a patch cannot clear the e-mail address or the age; {@code PUT} can.
 *
 * {@snippet :
 * var birthday = new UserPatch(Optional.empty(), Optional.empty(), Optional.of(37));
 * }
 */
@Description("The fields to change; a missing or null field keeps its value")
public record UserPatch(
        @Size(max = UserInput.MAX_NAME_LENGTH)
        @Pattern(regexp = UserInput.VISIBLE_NO_NUL, message = UserInput.VISIBLE_NO_NUL_MESSAGE) Optional<String> name,
        @Email @Size(min = 1, max = UserInput.MAX_EMAIL_LENGTH) Optional<String> email,
        @Min(0) @Max(UserInput.MAX_AGE) Optional<Integer> age) {
}
