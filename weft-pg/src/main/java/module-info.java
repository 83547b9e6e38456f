/**
 * The PostgreSQL driver: asyncpg for Java on virtual threads. Entry point: {@link dev.weft.pg.PgConnection}.
 */
module dev.weft.pg {
    requires dev.weft.core;
    requires static com.fasterxml.jackson.databind;

    exports dev.weft.pg;
    exports dev.weft.pg.codec;
    exports dev.weft.pg.error;
    exports dev.weft.pg.pool;
}
