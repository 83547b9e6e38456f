package dev.weft.pg.connection;

import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgException;
import dev.weft.pg.ServerMessage;
import dev.weft.pg.SslMode;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Builds the JDK TLS setup that libpq's {@code sslmode} asks for and wraps sockets in it; computes the
 * {@code tls-server-end-point} channel-binding hash of the server certificate.
 */
final class TlsSetup {
    private TlsSetup() {
    }

    /** Whether the chain is checked: verify-ca/verify-full, or require with an explicit root certificate (as libpq does). */
    static boolean verifiesChain(PgConnectOptions options) {
        return options.sslMode().verifiesChain() || (options.sslMode() == SslMode.REQUIRE && options.sslRootCert() != null);
    }

    /** Performs the TLS handshake over {@code raw}. */
    static SSLSocket wrap(Socket raw, String host, int port, PgConnectOptions options, boolean alpn) throws IOException {
        SSLContext context = context(options);
        var socket = (SSLSocket) context.getSocketFactory().createSocket(raw, host, port, true);
        var parameters = socket.getSSLParameters();
        if (options.sslMode() == SslMode.VERIFY_FULL) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!isIpLiteral(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        if (alpn) {
            parameters.setApplicationProtocols(new String[]{"postgresql"});
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        if (alpn && !"postgresql".equals(socket.getApplicationProtocol())) {
            socket.close();
            throw new PgException(ServerMessage.client("08001", "server did not accept ALPN protocol \"postgresql\" for direct TLS"), null);
        }
        return socket;
    }

    /**
     * The {@code tls-server-end-point} hash (RFC 5929): the server certificate hashed with its signature's
     * hash function, SHA-256 for MD5/SHA-1; null when the algorithm has no defined hash (e.g. Ed25519).
     */
    static byte[] serverEndPointHash(SSLSocket socket) {
        try {
            Certificate[] chain = socket.getSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
                return null;
            }
            String algorithm = cert.getSigAlgName().toUpperCase(Locale.ROOT);
            String digest;
            if (algorithm.startsWith("SHA384")) {
                digest = "SHA-384";
            } else if (algorithm.startsWith("SHA512")) {
                digest = "SHA-512";
            } else if (algorithm.startsWith("SHA224")) {
                digest = "SHA-224";
            } else if (algorithm.startsWith("SHA256") || algorithm.startsWith("SHA1") || algorithm.startsWith("MD5")) {
                digest = "SHA-256";
            } else {
                return null;
            }
            return MessageDigest.getInstance(digest).digest(cert.getEncoded());
        } catch (GeneralSecurityException | javax.net.ssl.SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static SSLContext context(PgConnectOptions options) throws IOException {
        try {
            TrustManager[] trust = verifiesChain(options) ? trustManagers(options.sslRootCert()) : new TrustManager[]{new AcceptAny()};
            var keys = options.sslCert() == null ? null : keyManagers(options.sslCert(), options.sslKey());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new PgException(ServerMessage.client("08001", "cannot set up TLS: " + e.getMessage()), e);
        }
    }

    private static TrustManager[] trustManagers(Path rootCert) throws IOException, GeneralSecurityException {
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (rootCert == null) {
            factory.init((KeyStore) null);
        } else {
            var store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate cert : certificates(rootCert)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw new PgException(ServerMessage.client("08001", "sslrootcert holds no certificate: " + rootCert), null);
            }
            factory.init(store);
        }
        return factory.getTrustManagers();
    }

    private static javax.net.ssl.KeyManager[] keyManagers(Path cert, Path key) throws IOException, GeneralSecurityException {
        if (key == null) {
            throw new IllegalArgumentException("sslcert given without sslkey: " + cert);
        }
        var chain = certificates(cert).toArray(new Certificate[0]);
        String pem = Files.readString(key);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("sslkey must be an unencrypted PKCS#8 PEM (BEGIN PRIVATE KEY): " + key);
        }
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        var spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        PrivateKey privateKey;
        try {
            privateKey = KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (GeneralSecurityException notRsa) {
            privateKey = KeyFactory.getInstance("EC").generatePrivate(spec);
        }
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] none = new char[0];
        store.setKeyEntry("client", privateKey, none, chain);
        var factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, none);
        return factory.getKeyManagers();
    }

    private static List<? extends Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    /** libpq's {@code require}/{@code prefer}: encryption without authentication of the server. */
    private static final class AcceptAny implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
