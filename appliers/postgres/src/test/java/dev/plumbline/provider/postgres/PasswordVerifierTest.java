package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checking passwords against what PostgreSQL 15 stored for them, and making verifiers PostgreSQL would make
 * (verifiers copied from {@code pg_authid}; the server hashed each password itself, given as a literal).
 */
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
    void anEmptyPasswordHasNoVerifier() {
        assertThatThrownBy(() -> PasswordVerifier.scram("")).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A password, what PostgreSQL 15.18 stored for it ({@code CREATE ROLE ... PASSWORD '<password>'}, so the
     * server did the SASLprep and the hashing), and the form it hashed: SASLprep's, or the password as given.
     */
    record Hashed(String what, String password, String prepared, String verifier) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Hashed> hashedByPostgresql() {
        return Stream.of(
                new Hashed("umlauts, in NFC", "p\u00e4ssw\u00f6rd", "p\u00e4ssw\u00f6rd",
                        "SCRAM-SHA-256$4096:rU1P+Lxrx8O1RpBXPOJdzQ==$HzGap5fESK/5Kggr3x0tbm2oTMX/B154GkttXmF9IDg="
                                + ":0XYlzawXwaLPHkghRQXAH2CHJXi5kJPb6ZKbEt+r9kk="),
                new Hashed("an umlaut in NFD, composed", "pa\u0308ss", "p\u00e4ss",
                        "SCRAM-SHA-256$4096:1jYld2uRrme8YNhRx6nkyQ==$+r/WYEoDHtmjxUvmCjwI/OjtR7Miz7i+4Dbxi71q9FE="
                                + ":s/K2v0F1Ys7ODu8oJgl4lcyUE2+GSFj3BGsgtf2k0Gg="),
                new Hashed("a no-break space, mapped to a space", "pass\u00a0word", "pass word",
                        "SCRAM-SHA-256$4096:oiAILpMze/K8vvtFyjLDYg==$P/CbJmHhwb3FNx26l+/TlcN76CwZbToT/GbSca/2VoQ="
                                + ":hpjCf4ClyM/IkNpyWY2xBEp732KXeH9C0UqcHuFe8UU="),
                new Hashed("an ideographic space alone, mapped to a space", "\u3000", " ",
                        "SCRAM-SHA-256$4096:l6oYePYseRlh72QrwMUnRA==$feeRSYwW/E+I+Q+xLRVYRldek1j7Ihg6MHP3GGKT+mQ="
                                + ":18FGdqvExPl2/gS0xk0XXD0hjzsQIbREkX/8/U7wdJM="),
                new Hashed("a soft hyphen, removed", "pass\u00adword", "password",
                        "SCRAM-SHA-256$4096:a8byM8+wTWpq5gw04jZ+HA==$SYLBj+jerBLk8LizxkaYULfbjeOYkKdr0ElnYOtHQZs="
                                + ":dFLEHZbWbEgP2tS4hnQr93rKSN4WE5K7AiNsmTxvS0M="),
                new Hashed("a zero-width space, a space (it is in both tables; PostgreSQL maps spaces first)",
                        "pass\u200bword", "pass word",
                        "SCRAM-SHA-256$4096:PmL++8f1B4puAGmL1b/uNQ==$6e/iMf8phNIWj5VT1PuM9OoirZoFfuhbETrl+wVS3qA="
                                + ":D+1roHKBTvROpxCSO02SGQUG5oWdD7f+hcWyXqf+ZM4="),
                new Hashed("full-width letters, folded by NFKC", "\uff50\uff41\uff53\uff53", "pass",
                        "SCRAM-SHA-256$4096:nlAA3ruGdILERIXIjcGfzQ==$uz0xoHoTKvJ7CkajHbgDUNpUNAwGp4cX8T96hBrBgzM="
                                + ":LNIFoj9GwQhyQoZ7CgIsgP5xE6L9tmjHTinjDqMwQbM="),
                new Hashed("a ligature, folded by NFKC", "\ufb01nance", "finance",
                        "SCRAM-SHA-256$4096:vDEz/DfCTHtqOfcZeL4wzA==$6ZKONahKXBxPrtiv+bxwiYxz/t17vfXjzsG8ZVmT55U="
                                + ":R+gKF25iriz4RAQh9Rk6WUElyivhsQoJYCLYf9DNDos="),
                new Hashed("right-to-left only, as it is", "\u05d0\u05d1", "\u05d0\u05d1",
                        "SCRAM-SHA-256$4096:jv/ZjhayngrPVgjf4S5Ilw==$7+ogmEWPWSgQF6WhMnkDDVkZuTeDPZeF40IUz5DmVSA="
                                + ":ECvt4Rwb5SYY0VH2ltXnveGfdS0DqMdARRySUlTBdwY="),
                new Hashed("a right-to-left ligature, checked before NFKC splits it", "\ufb1f", "\u05f2\u05b7",
                        "SCRAM-SHA-256$4096:G6V4Xs86x3hRN0S8PjO6Fg==$pWQ1QcBcKU/BxgVLQWJTWVl2fIryrgsEsXGHnAc1Vm4="
                                + ":6CpewWIlHP9/huAbav+scm8+tIoKx/OcMuZyehoZFYY="),
                new Hashed("right-to-left mixed with left-to-right, against the bidi rule: as given", "\u05d0abc",
                        "\u05d0abc",
                        "SCRAM-SHA-256$4096:fuAyhDiipcEE5KtjGvMd5g==$38Zg9N6I7he11Sr7hVSaSUpuK5UAXzo3tbMjjbFAOI4="
                                + ":1FKQfXaX65qEShEmQaODxvTacFGU7QQQgRkpkA9lfvk="),
                new Hashed("a prohibited character (checked before NFKC would replace it): as given", "a\u0340b",
                        "a\u0340b",
                        "SCRAM-SHA-256$4096:6lPUZNja6Z+rEB1RorVbCA==$L0xuI7Z5OhEreY6v1tsb9WEfJ/mtJ/lWphb4kaxu76U="
                                + ":3pGJvz2u3o7iDrztJgd9HP2pqBuE0AmzaFqjf1VfBvI="),
                new Hashed("a character unassigned in Unicode 3.2 (though NFKC knows it): as given", "\u2150x",
                        "\u2150x",
                        "SCRAM-SHA-256$4096:HpBoAv0odVuweTrzq8EKZg==$TX0kZOxj9zI0b+cV1kFLy8bdu/UJNowVyJxUJwz66Q4="
                                + ":Euax/zqNWPOZnic6iFrfsW3jzT3rC6Dp6LXAteYvMRE="),
                new Hashed("an emoji, unassigned in Unicode 3.2: as given", "\ud83d\ude00pw", "\ud83d\ude00pw",
                        "SCRAM-SHA-256$4096:BmK2GFuVnZpG6Cp3HspG5w==$UzkH094fbhrP8NdrlbOD/giXFeUn4yZgFzAFep6iOYk="
                                + ":gfdAjKRwV33aULqrNVf47WWpOh+W9fF1VTDrKs+XrvI="),
                new Hashed("nothing left after mapping: as given", "\u00ad", "\u00ad",
                        "SCRAM-SHA-256$4096:WFSgHgDeRBgGBB5qKB3y5g==$xD3p05K0B3PQAeRKcJsjq0VYuTly3njtYHIS0g9aywQ="
                                + ":O2vptLFaZ2T4ZPJ67m38/rEVNOsnea+FLhfOz3a7td0="),
                new Hashed("ASCII with a control character: as given", "tab\tx", "tab\tx",
                        "SCRAM-SHA-256$4096:TrNWW9lclaYkbWo/t5MhNw==$zqdNaMLwCLNvtGHkNbZyjt4YVMkzwjoUVYJ7sw/2KQg="
                                + ":/UeSOKNq/OPtkYL1YasR287RWR7u8eSDfG5PLoTTpGI="));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hashedByPostgresql")
    void theVerifierMadeHereIsTheOnePostgresqlMadeWithTheSameSalt(Hashed hashed) {
        String[] parts = hashed.verifier().split("[$:]");
        byte[] salt = Base64.getDecoder().decode(parts[2]);

        assertThat(PasswordVerifier.prepared(hashed.password())).isEqualTo(hashed.prepared());
        assertThat(PasswordVerifier.scram(hashed.password(), salt, Integer.parseInt(parts[1])))
                .isEqualTo(hashed.verifier());
        assertThat(PasswordVerifier.matches(hashed.password(), hashed.verifier(), "any")).isTrue();
        assertThat(PasswordVerifier.matches(hashed.password() + "x", hashed.verifier(), "any")).isFalse();
    }

    @Test
    void aPasswordMatchesInAnyFormThatPreparesAlike() {
        String nbsp = hashedByPostgresql().filter(h -> h.password().equals("pass\u00a0word")).findFirst()
                .orElseThrow().verifier();
        String zwsp = hashedByPostgresql().filter(h -> h.password().equals("pass\u200bword")).findFirst()
                .orElseThrow().verifier();

        assertThat(PasswordVerifier.matches("pass word", nbsp, "any")).isTrue();
        assertThat(PasswordVerifier.matches("pass\u2003word", nbsp, "any")).as("an em space").isTrue();
        assertThat(PasswordVerifier.matches("pass\u00a0wor\u00add", nbsp, "any")).isTrue();
        assertThat(PasswordVerifier.matches("password", zwsp, "any"))
                .as("RFC 3454 order (nothing before space), as the JDBC driver's SCRAM client prepares it").isFalse();
    }

    @Test
    void whereSaslprepRefusesThePasswordItIsNotNormalised() {
        String combining = hashedByPostgresql().filter(h -> h.password().equals("a\u0340b")).findFirst()
                .orElseThrow().verifier();

        assertThat(PasswordVerifier.matches("\u00e0b", combining, "any"))
                .as("NFKC of the password, which a check after normalisation would let through").isFalse();
        assertThat(PasswordVerifier.prepared("S3cret! with spaces")).isEqualTo("S3cret! with spaces");
    }
}
