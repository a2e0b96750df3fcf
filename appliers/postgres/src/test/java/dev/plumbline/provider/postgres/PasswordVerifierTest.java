package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Checking passwords against what PostgreSQL 15 stored for them (verifiers copied from {@code pg_authid}). */
class PasswordVerifierTest {

    private static final String PENCIL_SCRAM = "SCRAM-SHA-256$4096:fMmPdqaGI4ZtZb+Hn6eYBg==$"
            + "4PHwVQsDiz+eWPxvxqBbLWvVwwOcIZPaaONu8UjojN8=:8GCJhiL7YfiHsxzRvbmk/jiggCW+4hfhxjOp9hyZ87Q=";
    /** {@code md5} of {@code pencil} for the role {@code bob}, from {@code password_encryption = md5}. */
    private static final String PENCIL_MD5_BOB = "md5e4f70fb0b8f2745aa7a69557c80cbd0c";
    /** Of {@code pässwörd ü}: not ASCII, so SASLprep had its say. */
    private static final String UMLAUT_SCRAM = "SCRAM-SHA-256$4096:3TURY4Eudguy3Bferm8tlg==$"
            + "/iuuHngcERiZKMyliE9m3RyTU9OipA7WMBXIFwBCEwY=:KrjttF+LyCCA1u872IKDxv8niFI9erx+Zg+pXCOLlP8=";

    @Test
    void matchesAScramVerifierPostgresqlMade() {
        assertThat(PasswordVerifier.matches("pencil", PENCIL_SCRAM, "alice")).isTrue();
        assertThat(PasswordVerifier.matches("pencils", PENCIL_SCRAM, "alice")).isFalse();
        assertThat(PasswordVerifier.matches("Pencil", PENCIL_SCRAM, "alice")).isFalse();
    }

    @Test
    void matchesANonAsciiPasswordInEitherNormalForm() {
        assertThat(PasswordVerifier.matches("pässwörd ü", UMLAUT_SCRAM, "carol")).isTrue();
        String decomposed = java.text.Normalizer.normalize("pässwörd ü", java.text.Normalizer.Form.NFD);
        assertThat(PasswordVerifier.matches(decomposed, UMLAUT_SCRAM, "carol")).isTrue();
        assertThat(PasswordVerifier.matches("passwoerd ue", UMLAUT_SCRAM, "carol")).isFalse();
    }

    @Test
    void matchesAnMd5VerifierForItsRoleOnly() {
        assertThat(PasswordVerifier.matches("pencil", PENCIL_MD5_BOB, "bob")).isTrue();
        assertThat(PasswordVerifier.matches("pencil", PENCIL_MD5_BOB, "alice")).isFalse();
    }

    @Test
    void aVerifierMadeHereMatchesItsPasswordOnlyAndIsSaltedAfresh() {
        String verifier = PasswordVerifier.scram("correct horse battery staple");

        assertThat(verifier).startsWith("SCRAM-SHA-256$4096:").doesNotContain("correct");
        assertThat(PasswordVerifier.matches("correct horse battery staple", verifier, "any")).isTrue();
        assertThat(PasswordVerifier.matches("correct horse battery stapler", verifier, "any")).isFalse();
        assertThat(PasswordVerifier.scram("correct horse battery staple")).isNotEqualTo(verifier);
    }

    @Test
    void noPasswordMatchesOnlyTheEmptyOne() {
        assertThat(PasswordVerifier.matches("", "", "alice")).isTrue();
        assertThat(PasswordVerifier.matches("pencil", "", "alice")).isFalse();
        assertThat(PasswordVerifier.matches("", PENCIL_SCRAM, "alice")).isFalse();
        assertThat(PasswordVerifier.matches("pencil", "SCRAM-SHA-256$garbage", "alice")).isFalse();
    }

    @Test
    void onlyPrintableAsciiIsHashedHere() {
        assertThat(PasswordVerifier.hashableHere("S3cret! with spaces")).isTrue();
        assertThat(PasswordVerifier.hashableHere("pässwörd")).isFalse();
        assertThat(PasswordVerifier.hashableHere("tab\there")).isFalse();
        assertThat(PasswordVerifier.hashableHere("")).isFalse();
    }
}
