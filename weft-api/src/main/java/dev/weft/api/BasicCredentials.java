package dev.weft.api;

import java.util.Objects;

/**
 * The user name and password of an {@code Authorization: Basic} header, given by
 * {@link SecurityScheme#basic}. Immutable; its string form hides the password.
 *
 * {@snippet :
 * @Get("/admin") Report admin(BasicCredentials login) { return reports.forAdmin(login.username()); }
 * }
 *
 * @param username the user name
 * @param password the password
 */
public record BasicCredentials(String username, String password) {
    /** Checks that both parts are present. */
    public BasicCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "BasicCredentials[username=" + username + ", password=***]";
    }
}
