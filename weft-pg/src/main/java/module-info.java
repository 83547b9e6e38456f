/**
 * The PostgreSQL driver: asyncpg for Java on virtual threads. Entry point: {@link dev.weft.pg.PgConnection};
 * {@code dev.weft.pg.pool} pools connections, {@code dev.weft.pg.types} holds the Java values of PostgreSQL
 * types that the JDK has no class for, {@code dev.weft.pg.codec} is the SPI for adding codecs and
 * {@code dev.weft.pg.error} the exception of every SQLSTATE and {@code dev.weft.pg.migrate} applies numbered SQL
 * migrations under an advisory lock. The built-in codecs
 * ({@code dev.weft.pg.codec.builtin}), the protocol and the connection are internal.
 */
module dev.weft.pg {
    requires dev.weft.core;
    requires static com.fasterxml.jackson.databind;

    exports dev.weft.pg;
    exports dev.weft.pg.codec;
    exports dev.weft.pg.error;
    exports dev.weft.pg.migrate;
    exports dev.weft.pg.pool;
    exports dev.weft.pg.types;
}
