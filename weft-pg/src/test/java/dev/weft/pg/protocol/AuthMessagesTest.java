package dev.weft.pg.protocol;

import dev.weft.pg.PgException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthMessagesTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void scramMatchesRfc7677Vector() {
        var scram = new ScramClient("pencil", null, false, "user", "rOprNGfwEbeRWgbNEkqO");
        assertThat(new String(scram.clientFirst(), StandardCharsets.UTF_8)).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        byte[] clientFinal = scram.clientFinal(utf8(
                "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        assertThat(new String(clientFinal, StandardCharsets.UTF_8)).isEqualTo(
                "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(scram.serverVerified()).isFalse();
        scram.verifyServerFinal(utf8("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
        assertThat(scram.serverVerified()).isTrue();
    }

    @Test
    void scramRejectsForgedServerSignature() {
        var scram = new ScramClient("pencil", null, false, "user", "rOprNGfwEbeRWgbNEkqO");
        scram.clientFirst();
        scram.clientFinal(utf8("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        assertThatThrownBy(() -> scram.verifyServerFinal(utf8("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")))
                .isInstanceOf(PgException.class).hasMessageContaining("server signature does not match");
    }

    @Test
    void scramRejectsNonceThatDoesNotExtendOurs() {
        var scram = new ScramClient("pencil", null, false, "user", "abc");
        scram.clientFirst();
        assertThatThrownBy(() -> scram.clientFinal(utf8("r=xyz123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")))
                .isInstanceOf(PgException.class).hasMessageContaining("nonce");
    }

    @Test
    void scramWithChannelBindingSendsTheCertificateHash() {
        byte[] hash = {1, 2, 3};
        var scram = new ScramClient("pencil", hash, false, "", "abc");
        assertThat(scram.mechanism()).isEqualTo(ScramClient.SCRAM_SHA_256_PLUS);
        assertThat(new String(scram.clientFirst(), StandardCharsets.UTF_8)).startsWith("p=tls-server-end-point,,n=,r=abc");
        String fin = new String(scram.clientFinal(utf8("r=abcdef,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1")), StandardCharsets.UTF_8);
        // base64("p=tls-server-end-point,," + 0x010203)
        assertThat(fin).startsWith("c=cD10bHMtc2VydmVyLWVuZC1wb2ludCwsAQID,r=abcdef,p=");
    }

    @Test
    void scramNeedsAPassword() {
        assertThatThrownBy(() -> new ScramClient("", null, false)).isInstanceOf(PgException.class)
                .hasMessageContaining("non-empty password");
    }

    @Test
    void md5ResponseMatchesLibpqFormula() {
        assertThat(Md5Password.response("md5_user", "md5_pass", new byte[]{1, 2, 3, 4}))
                .isEqualTo("md5c6ee6bd10a7adf513019b25f24df0925");
    }
}
