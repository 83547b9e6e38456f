package dev.weft.embeddedpg;

import java.nio.file.Path;

/** A JVM that starts a server, says where it is, then waits to be killed: the crash under test. */
final class ServerInChildJvm {
    private ServerInChildJvm() {
    }

    public static void main(String[] args) throws InterruptedException {
        var server = EmbeddedPostgres.builder().tls(false).workDirectory(Path.of(args[0])).start();
        System.out.println("READY " + server.port() + " " + server.dataDirectory());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
