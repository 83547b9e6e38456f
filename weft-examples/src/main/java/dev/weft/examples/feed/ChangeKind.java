package dev.weft.examples.feed;

/**
 * What happened to a user; the constants are spelled as they appear in the feed's JSON ({@code "kind":"created"}).
 *
 * {@snippet :
 * ChangeLog.record(tx, ChangeKind.deleted, user.id(), user);   // the user as it was
 * }
 */
public enum ChangeKind {
    created,
    updated,
    deleted
}
