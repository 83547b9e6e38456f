package dev.weft.examples.users;

import dev.weft.http.server.BadRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON body of {@code POST /users} and {@code PUT /users/{id}}: every field the client may set.
 * {@link #validated()} checks it and names each bad field in a 400 answer.
 *
 * {@snippet :
 * UserInput input = request.json(UserInput.class).validated();
 * }
 */
public record UserInput(String name, String email, Integer age) {
    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_AGE = 150;

    /** Returns this input when every field is valid; otherwise throws {@link BadRequest} listing the problems. */
    public UserInput validated() {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add("name: is required");
        } else if (name.length() > MAX_NAME_LENGTH) {
            problems.add("name: longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (email == null || email.isBlank()) {
            problems.add("email: is required");
        } else if (!email.matches("[^@\\s]+@[^@\\s]+")) {
            problems.add("email: not an e-mail address: " + email);
        }
        if (age != null && (age < 0 || age > MAX_AGE)) {
            problems.add("age: must be between 0 and " + MAX_AGE + ", was " + age);
        }
        if (!problems.isEmpty()) {
            throw new BadRequest("invalid user: " + String.join("; ", problems));
        }
        return this;
    }
}
