package dev.weft.embeddedpg;

import java.nio.file.Path;

/**
 * A TLS client certificate signed by the fixture's CA, with its private key in the formats clients
 * expect (libpq and Weft read PEM; pgjdbc reads PKCS#8 DER). The files live in the server's work
 * directory and are deleted when the server closes. Immutable and thread-safe.
 *
 * {@snippet :
 * ClientCertificate cert = server.issueClientCertificate("cert_user");
 * String uri = server.uri("cert_user", null, "postgres") + "?sslmode=verify-full&sslrootcert="
 *         + server.caCertificate() + "&sslcert=" + cert.certificate() + "&sslkey=" + cert.privateKey();
 * }
 *
 * @param commonName  the certificate's CN (the role name for {@link AuthMethod#CERT})
 * @param certificate the PEM certificate
 * @param privateKey  the PEM private key (PKCS#8, {@code BEGIN PRIVATE KEY}), readable only by its owner
 * @param privateKeyDer the same key as PKCS#8 DER (pgjdbc's {@code sslkey} format)
 */
public record ClientCertificate(String commonName, Path certificate, Path privateKey, Path privateKeyDer) {
    /** Validates that every part is present. */
    public ClientCertificate {
        if (commonName == null || commonName.isEmpty()) {
            throw new IllegalArgumentException("empty common name: " + commonName);
        }
        if (certificate == null || privateKey == null || privateKeyDer == null) {
            throw new IllegalArgumentException("missing file for client certificate " + commonName);
        }
    }
}
