package dev.plumbline.provider.postgres;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a {@code Grant} gives privileges on, as {@code spec.on} names it, with the privileges PostgreSQL
 * has for it (in the order {@code \dp} lists them) and the SQL that names it. The {@code all...InSchema}
 * targets cover every such object in the schema at the time of applying; with
 * {@code defaultPrivileges: true} they cover the objects created later instead
 * ({@code ALTER DEFAULT PRIVILEGES}).
 */
enum GrantTarget {
    DATABASE("database", "DATABASE", "", List.of("CREATE", "CONNECT", "TEMPORARY")),
    SCHEMA("schema", "SCHEMA", "", List.of("USAGE", "CREATE")),
    ALL_TABLES("allTablesInSchema", "TABLES", "r",
            List.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")),
    ALL_SEQUENCES("allSequencesInSchema", "SEQUENCES", "S", List.of("USAGE", "SELECT", "UPDATE")),
    ALL_FUNCTIONS("allFunctionsInSchema", "FUNCTIONS", "f", List.of("EXECUTE"));

    private final String key;
    private final String keyword;
    private final String defaultAclType;
    private final List<String> privileges;

    GrantTarget(String key, String keyword, String defaultAclType, List<String> privileges) {
        this.key = key;
        this.keyword = keyword;
        this.defaultAclType = defaultAclType;
        this.privileges = privileges;
    }

    /** The key under {@code spec.on}. */
    String key() {
        return key;
    }

    /** The keyword of SQL that names it: {@code DATABASE}, {@code SCHEMA}, {@code TABLES}. */
    String keyword() {
        return keyword;
    }

    /** Every privilege it has, in canonical order. */
    List<String> privileges() {
        return privileges;
    }

    /** Whether it is one of the {@code all...InSchema} targets, which default privileges can cover. */
    boolean everyObjectInSchema() {
        return !defaultAclType.isEmpty();
    }

    /** {@code pg_default_acl.defaclobjtype} of its default privileges. */
    String defaultAclType() {
        return defaultAclType;
    }

    /** The target of {@code GRANT ... ON <target>}: {@code ALL TABLES IN SCHEMA "app"}. */
    String on(String database, String schema) {
        return switch (this) {
            case DATABASE -> "DATABASE " + Quoting.identifier(database);
            case SCHEMA -> "SCHEMA " + Quoting.identifier(schema);
            default -> "ALL " + keyword + " IN SCHEMA " + Quoting.identifier(schema);
        };
    }

    /** A privilege as written in a manifest, in its canonical spelling, when this target has it. */
    Optional<String> privilege(String written) {
        String upper = written.trim().toUpperCase(Locale.ROOT);
        String canonical = upper.equals("TEMP") ? "TEMPORARY" : upper;
        return privileges.contains(canonical) ? Optional.of(canonical) : Optional.empty();
    }

    /** {@code privileges} sorted into canonical order. */
    List<String> sorted(java.util.Collection<String> held) {
        return privileges.stream().filter(held::contains).toList();
    }

    static Optional<GrantTarget> ofKey(String key) {
        return Arrays.stream(values()).filter(target -> target.key.equals(key)).findFirst();
    }

    static Optional<GrantTarget> ofKeyword(String keyword) {
        return Arrays.stream(values()).filter(target -> target.keyword.equals(keyword)).findFirst();
    }
}
