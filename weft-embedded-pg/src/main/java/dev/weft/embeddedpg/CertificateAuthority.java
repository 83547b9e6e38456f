package dev.weft.embeddedpg;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throw-away certificate authority made for one server: it signs the server certificate (SAN
 * {@code localhost}, {@code 127.0.0.1}, {@code ::1}) and client certificates on demand. Keys are
 * ECDSA P-256, quick to generate and accepted by OpenSSL, the JDK, libpq and pgjdbc. Thread-safe.
 */
final class CertificateAuthority {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private final KeyPair keys;
    private final X509Certificate certificate;
    private final AtomicLong serial = new AtomicLong(2);

    private CertificateAuthority(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new CA with a fresh key. */
    static CertificateAuthority create() {
        try {
            KeyPair keys = newKeyPair();
            var name = new X500Name("CN=weft-embedded-pg test CA " + Long.toHexString(RANDOM.nextLong()));
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, notBefore(), notAfter(), name, keys.getPublic());
            var extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(keys, sign(builder, keys));
        } catch (GeneralSecurityException | IOException e) {
            throw new EmbeddedPostgresException("cannot create the test CA", e);
        }
    }

    /** Writes the CA certificate as PEM. */
    void writeCertificate(Path file) throws IOException {
        Files.writeString(file, pem(certificate), StandardCharsets.US_ASCII);
    }

    /** Issues the server certificate and writes it and its key (PEM) to the given files. */
    void issueServer(Path certificateFile, Path keyFile) throws IOException {
        var names = new GeneralNames(List.of(
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1")).toArray(GeneralName[]::new));
        issue("localhost", KeyPurposeId.id_kp_serverAuth, names, certificateFile, keyFile, null);
    }

    /** Issues a client certificate for {@code commonName} and writes it and its key (PEM and DER). */
    void issueClient(String commonName, Path certificateFile, Path keyFile, Path keyDerFile) throws IOException {
        issue(commonName, KeyPurposeId.id_kp_clientAuth, null, certificateFile, keyFile, keyDerFile);
    }

    private void issue(String commonName, KeyPurposeId purpose, GeneralNames altNames, Path certificateFile,
                       Path keyFile, Path keyDerFile) throws IOException {
        try {
            KeyPair subject = newKeyPair();
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
            var builder = new JcaX509v3CertificateBuilder(certificate, BigInteger.valueOf(serial.getAndIncrement()),
                    notBefore(), notAfter(), name, subject.getPublic());
            var extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
            if (altNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
            Files.writeString(certificateFile, pem(sign(builder, keys)), StandardCharsets.US_ASCII);
            Files.writeString(keyFile, pem(subject.getPrivate()), StandardCharsets.US_ASCII);
            if (keyDerFile != null) {
                Files.write(keyDerFile, subject.getPrivate().getEncoded()); // PKCS#8 DER
            }
        } catch (GeneralSecurityException e) {
            throw new EmbeddedPostgresException("cannot issue a certificate for " + commonName, e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws GeneralSecurityException {
        try {
            var signerOp = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signerOp));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static String pem(Object object) throws IOException {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            if (object instanceof PrivateKey key) {
                writer.writeObject(new PemObject("PRIVATE KEY", key.getEncoded())); // PKCS#8, not OpenSSL's legacy EC form
            } else {
                writer.writeObject(object);
            }
        }
        return text.toString();
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofDays(1))); // tolerate clock skew between processes
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(VALIDITY));
    }
}
