/**
 * A real PostgreSQL server from Maven-packaged binaries, for tests, demos and users' own tests, with a
 * JUnit 5 extension that gives each test class a fresh database on one shared server.
 */
module dev.weft.embeddedpg {
    requires org.apache.commons.compress;
    requires org.tukaani.xz;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires static transitive org.junit.jupiter.api; // the extension's signatures name JUnit types

    exports dev.weft.embeddedpg;
}
