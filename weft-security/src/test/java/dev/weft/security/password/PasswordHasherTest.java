package dev.weft.security.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Argon2id hashes in PHC format, verification and rehash advice, bcrypt imports, and hostile input. */
class PasswordHasherTest {
    private static final PasswordHasher HASHER = PasswordHasher.builder().build();
    private static final String UNICODE = "pässwörd ✓ 密码";

    @Test
    void hashesAreArgon2idPhcStringsWithOwaspDefaultsAndFreshSalts() {
        String first = HASHER.hash("correct horse");
        String second = HASHER.hash("correct horse");
        assertThat(first).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(second).as("a fresh salt each time").isNotEqualTo(first);
        assertThat(HASHER.verify("correct horse", first)).isEqualTo(new Verification(true, false));
        assertThat(HASHER.verify("correct horsE", first)).isEqualTo(new Verification(false, false));
        assertThat(HASHER.verify("", first).matches()).isFalse();
    }

    @Test
    void hashesMadeByPythonsArgon2CffiVerifyHere() throws Exception {
        String same = Python.run("import sys, argon2; print(argon2.PasswordHasher(time_cost=2, memory_cost=19456,"
                + " parallelism=1, hash_len=32, salt_len=16).hash(sys.argv[1]))", UNICODE);
        assertThat(HASHER.verify(UNICODE, same)).isEqualTo(new Verification(true, false));
        assertThat(HASHER.verify(UNICODE + "x", same).matches()).isFalse();

        // argon2-cffi's own defaults: more memory and lanes, but a 16-byte hash, shorter than ours.
        String defaults = Python.run("import sys, argon2; print(argon2.PasswordHasher().hash(sys.argv[1]))", UNICODE);
        assertThat(defaults).startsWith("$argon2id$v=19$m=102400,t=2,p=8$");
        assertThat(HASHER.verify(UNICODE, defaults)).isEqualTo(new Verification(true, true));
    }

    @Test
    void argon2iAndVersion16HashesFromPythonVerifyAndAskForARehash() throws Exception {
        String script = "import sys, os, argon2\nfrom argon2.low_level import hash_secret, Type\n"
                + "print(argon2.PasswordHasher(memory_cost=19456, parallelism=1, hash_len=32, type=Type.I).hash(sys.argv[1]))\n"
                + "print(hash_secret(sys.argv[1].encode(), os.urandom(16), time_cost=2, memory_cost=19456, parallelism=1,"
                + " hash_len=32, type=Type.ID, version=16).decode())";
        String[] hashes = Python.run(script, UNICODE).split("\n");
        assertThat(hashes[0]).startsWith("$argon2i$v=19$");
        assertThat(hashes[1]).startsWith("$argon2id$v=16$");
        for (String stored : hashes) {
            assertThat(HASHER.verify(UNICODE, stored)).as(stored).isEqualTo(new Verification(true, true));
            assertThat(HASHER.verify("other", stored)).as(stored).isEqualTo(new Verification(false, false));
        }
    }

    @Test
    void hashesMadeHereVerifyInPythonsArgon2Cffi() throws Exception {
        String stored = HASHER.hash(UNICODE);
        String script = "import sys, argon2\nh = argon2.PasswordHasher()\n"
                + "print(h.verify(sys.argv[2], sys.argv[1]))\n"
                + "try:\n    h.verify(sys.argv[2], sys.argv[1] + 'x')\n    print('wrong password accepted')\n"
                + "except argon2.exceptions.VerifyMismatchError:\n    print('mismatch')";
        assertThat(Python.run(script, UNICODE, stored)).isEqualTo("True\nmismatch");
    }

    @Test
    void bcryptHashesFromPythonVerifyAndAskForARehash() throws Exception {
        String script = "import sys, bcrypt\nfor prefix in (b'2a', b'2b'):\n"
                + "    print(bcrypt.hashpw(sys.argv[1].encode(), bcrypt.gensalt(rounds=5, prefix=prefix)).decode())";
        String[] hashes = Python.run(script, UNICODE).split("\n");
        assertThat(hashes).hasSize(2);
        // PHP's $2y$ is the same algorithm under another name.
        String php = "$2y$" + hashes[1].substring(4);
        for (String stored : new String[] {hashes[0], hashes[1], php}) {
            assertThat(HASHER.verify(UNICODE, stored)).as(stored).isEqualTo(new Verification(true, true));
            assertThat(HASHER.verify("not it", stored)).as(stored).isEqualTo(new Verification(false, false));
        }
    }

    @Test
    void cheaperArgon2HashesVerifyAndAskForARehash() {
        PasswordHasher old = PasswordHasher.builder().memoryKiB(8192).iterations(1).build();
        String stored = old.hash("secret");
        assertThat(old.verify("secret", stored)).isEqualTo(new Verification(true, false));
        assertThat(HASHER.verify("secret", stored)).isEqualTo(new Verification(true, true));

        PasswordHasher raised = PasswordHasher.builder().iterations(3).build();
        assertThat(raised.verify("secret", HASHER.hash("secret"))).isEqualTo(new Verification(true, true));
    }

    @Test
    void malformedUnknownAndTamperedHashesNeverMatchAndNeverThrow() {
        String good = HASHER.hash("secret");
        String tampered = good.substring(0, good.length() - 2) + (good.endsWith("A") ? "B" : "A") + good.charAt(good.length() - 1);
        String[] bad = {
            "", "secret", "$argon2id$", "$argon2id$v=19$m=19456,t=2,p=1$!!!!!!!!!!!!$AAAAAAAA",
            "$argon2id$v=18$m=19456,t=2,p=1" + good.substring(good.indexOf("$", 30)),
            "$argon2id$v=19$m=4,t=2,p=1" + good.substring(good.indexOf("$", 30)),        // m below 8 per lane
            "$argon2id$v=19$m=19456,t=0,p=1" + good.substring(good.indexOf("$", 30)),
            "$argon2x$v=19$m=19456,t=2,p=1" + good.substring(good.indexOf("$", 30)),
            "$2b$99$abcdefghijklmnopqrstuuJ1ef7j8YjPqdYd1Gk7mpLm0yZ5Iu6Iu",
            "$2b$10$short", "$5$rounds=5000$salt$hash", "{SSHA}abc", tampered,
            "$argon2id$v=19$m=19456,t=2,p=1$" + "A".repeat(100_000) + "$AAAAAAAAAAAAAAAAAAAAAA"};
        for (String stored : bad) {
            assertThat(HASHER.verify("secret", stored)).as(stored).isEqualTo(new Verification(false, false));
        }
    }

    @Test
    void hashesAskingForHugeCostsAreRefusedWithoutComputing() {
        String good = HASHER.hash("secret");
        String rest = good.substring(good.indexOf("$", 30));
        // 4 TiB, or a billion passes: a hostile stored hash must not take the server down.
        String[] hostile = {"$argon2id$v=19$m=4294967295,t=2,p=1" + rest, "$argon2id$v=19$m=19456,t=1000000000,p=1" + rest,
            "$2b$31$abcdefghijklmnopqrstuuJ1ef7j8YjPqdYd1Gk7mpLm0yZ5Iu6Iu"};
        long before = HASHER.statistics().peakRunning();
        PasswordHasher fresh = PasswordHasher.builder().build();
        for (String stored : hostile) {
            assertThat(fresh.verify("secret", stored)).as(stored).isEqualTo(new Verification(false, false));
        }
        assertThat(fresh.statistics().peakRunning()).as("nothing was computed").isZero();
        assertThat(before).isPositive();
    }

    @Test
    void tooLongPasswordsAreRefusedBeforeAnyWorkWithA422() {
        PasswordHasher hasher = PasswordHasher.builder().maxPasswordBytes(64).build();
        String tenMegabytes = "x".repeat(10 * 1024 * 1024);
        assertThatThrownBy(() -> hasher.hash(tenMegabytes)).isInstanceOf(PasswordTooLong.class)
                .hasMessageContaining("more than the 64 allowed")
                .satisfies(e -> assertThat(((PasswordTooLong) e).status()).isEqualTo(422));
        assertThatThrownBy(() -> hasher.verify(tenMegabytes, HASHER.hash("x"))).isInstanceOf(PasswordTooLong.class);
        // 32 characters of 3 bytes each: short in chars, too long in UTF-8 bytes.
        assertThatThrownBy(() -> hasher.hash("✓".repeat(32))).isInstanceOf(PasswordTooLong.class)
                .hasMessageContaining("96 bytes");
        assertThat(hasher.verify("x".repeat(64), hasher.hash("x".repeat(64))).matches()).isTrue();
        assertThat(hasher.statistics().peakRunning()).isEqualTo(1);
    }

    @Test
    void anUnknownUserSpendsTheTimeOfACheckAndDoesNotMatch() {
        PasswordHasher hasher = PasswordHasher.builder().build();
        assertThat(hasher.verify("secret", null)).isEqualTo(new Verification(false, false));
        assertThat(hasher.statistics().peakRunning()).as("a hash was computed").isEqualTo(1);
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> PasswordHasher.builder().memoryKiB(0)).hasMessageContaining("memoryKiB").hasMessageContaining(": 0");
        assertThatThrownBy(() -> PasswordHasher.builder().memoryKiB(16).parallelism(4).build()).hasMessageContaining("8 per lane");
        assertThatThrownBy(() -> PasswordHasher.builder().maxConcurrent(0)).hasMessageContaining("maxConcurrent");
        assertThatThrownBy(() -> PasswordHasher.builder().maxWait(java.time.Duration.ofSeconds(-1))).hasMessageContaining("maxWait");
        assertThatThrownBy(() -> PasswordHasher.builder().saltLength(4)).hasMessageContaining("saltLength");
        assertThatThrownBy(() -> PasswordHasher.builder().maxBcryptCost(32)).hasMessageContaining("maxBcryptCost");
        assertThatThrownBy(() -> new Verification(false, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
