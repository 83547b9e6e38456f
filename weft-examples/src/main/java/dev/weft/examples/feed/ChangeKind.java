package dev.weft.examples.feed;

/** What happened to a user; the constants are spelled as they appear in the feed's JSON ({@code "kind":"created"}). */
public enum ChangeKind {
    created,
    updated,
    deleted
}
