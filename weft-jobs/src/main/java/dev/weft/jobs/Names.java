package dev.weft.jobs;

/** The checks every queue and kind name passes, so a bad one fails where it is written, not in SQL. */
final class Names {
    static final int MAX_LENGTH = 128;

    private Names() {
    }

    static String requireName(String what, String name) {
        if (name == null || name.isBlank() || name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " must be 1.." + MAX_LENGTH + " characters, not blank: " + name);
        }
        return name;
    }
}
