package dev.plumbline.provider.postgres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One statement of a write, built from quoted names and keywords ({@link Quoting}), never from user text
 * unquoted. A statement that ends in the one role it is for ({@code GRANT CONNECT ON DATABASE "app" TO
 * "reader"}, {@code GRANT "readers" TO "app"}) is kept as its head and that grantee, so that the same
 * statement for many roles can be sent once with a list of grantees, which PostgreSQL's {@code GRANT} and
 * {@code REVOKE} take ({@link #merged}). {@code secrets} are what the statement carries that must never
 * show (a password and its verifier): they are masked in any message about it, and the statement is never
 * logged.
 */
record Sql(String head, String grantee, List<String> secrets) {

    Sql {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(grantee, "grantee");
        secrets = List.copyOf(secrets);
    }

    /** A statement on its own. */
    static Sql of(String text) {
        return new Sql(text, "", List.of());
    }

    /** A statement that carries {@code secrets}. */
    static Sql secret(String text, String... secrets) {
        return new Sql(text, "", List.of(secrets));
    }

    /** {@code head} followed by one role ({@code role} unquoted); the same head may take several. */
    static Sql toRole(String head, String role) {
        return new Sql(head, Quoting.identifier(role), List.of());
    }

    /** The statement as it runs alone. */
    String text() {
        return grantee.isEmpty() ? head : head + " " + grantee;
    }

    /**
     * The statements {@code statements} are as few: each statement that stands alone, in order, then each
     * head with all its grantees, in the order the heads first appear. Running them has the effect of
     * running {@code statements} one by one when no statement that stands alone depends on a grant or
     * membership among them, which holds within a batch of one kind (see {@link Batches}): roles are
     * created and altered before the memberships among them are granted, and grants only grant.
     */
    static List<String> merged(List<Sql> statements) {
        List<String> texts = new ArrayList<>();
        Map<String, List<String>> grantees = new LinkedHashMap<>();
        for (Sql sql : statements) {
            if (sql.grantee.isEmpty()) {
                texts.add(sql.head);
            } else {
                grantees.computeIfAbsent(sql.head, head -> new ArrayList<>()).add(sql.grantee);
            }
        }
        grantees.forEach((head, roles) -> texts.add(head + " " + String.join(", ", roles)));
        return texts;
    }
}
