package dev.weft.pg;

/**
 * One column of a result: its name and type as the server described it. Immutable and thread-safe.
 *
 * @param name         the column label
 * @param typeOid      the type's OID ({@code 23} for int4, ...)
 * @param typeModifier the type modifier ({@code -1} when none)
 * @param tableOid     the source table's OID, or 0 when the column is computed
 * @param columnNumber the source column's attribute number, or 0
 */
public record Column(String name, int typeOid, int typeModifier, int tableOid, int columnNumber) {
}
