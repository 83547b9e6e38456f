package dev.weft.examples.users;

import dev.weft.api.Description;
import dev.weft.api.Settable;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;

/**
 * The JSON body of {@code PATCH /users/{id}}: the fields to change. A field left out keeps its value;
 * {@code "email": null} or {@code "age": null} clears it ({@link Settable} tells the two apart); the name
 * can be changed but never cleared (a {@code null} name keeps it, as a left-out one does).
 *
 * {@snippet :
 * var birthday = new UserPatch(Optional.empty(), Settable.unset(), Settable.of(37));
 * var noEmail = new UserPatch(Optional.empty(), Settable.of(null), Settable.unset());
 * }
 */
@Description("The fields to change: a field left out keeps its value, a null email or age clears it")
public record UserPatch(
        @NotBlank @Size(max = UserInput.MAX_NAME_LENGTH)
        @Pattern(regexp = UserInput.NO_NUL, message = UserInput.NUL_MESSAGE) Optional<String> name,
        @Email @Size(min = 1, max = UserInput.MAX_EMAIL_LENGTH) Settable<String> email,
        @Min(0) @Max(UserInput.MAX_AGE) Settable<Integer> age) {
}
