package dev.plumbline.provider.postgres;

import dev.plumbline.model.Values;
import dev.plumbline.provider.spec.Field;
import dev.plumbline.provider.spec.SpecReader;
import dev.plumbline.yaml.FieldPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code Grant}: {@code spec.role} holds exactly {@code spec.privileges} on {@code spec.on}, which names
 * one target (see {@link GrantTarget}) and its database: {@code {database: app}},
 * {@code {schema: s, database: app}} or {@code {allTablesInSchema: s, database: app}} (likewise
 * {@code allSequencesInSchema}, {@code allFunctionsInSchema}). {@code metadata.name} is only a label.
 * Privileges are case-insensitive, {@code ALL} means all of the target's, {@code TEMP} is
 * {@code TEMPORARY}; they are kept in canonical order. {@code defaultPrivileges: true} (only for the
 * {@code all...InSchema} targets) gives them on objects {@code forRole} creates in the schema later
 * ({@code forRole} defaults to the user the provider connects as). Privileges the role holds beyond the
 * list are revoked on apply: the Grant is the whole truth about what the role holds on the target.
 */
record GrantSpec(String role, List<String> privileges, GrantTarget target, String database, String schema,
                 boolean defaultPrivileges, String forRole) implements ObjectSpec {

    private static final List<String> ON_KEYS = List.of("database", "schema", "allTablesInSchema",
            "allSequencesInSchema", "allFunctionsInSchema");

    GrantSpec {
        Objects.requireNonNull(role, "role");
        privileges = List.copyOf(privileges);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(forRole, "forRole");
    }

    static GrantSpec read(SpecReader spec, String defaultOwner) {
        spec.knownKeys(PostgresKind.GRANT.specKeys());
        String role = SpecNames.requiredName(spec, "role", "the role that receives the privileges").orElse("");
        GrantTarget target = GrantTarget.DATABASE;
        String database = "";
        String schema = "";
        Map<String, Object> on = Values.map(spec.raw("on"));
        if (!(spec.raw("on") instanceof Map<?, ?>)) {
            spec.problem(SpecReader.at("on"), spec.who() + " needs spec.on, a mapping naming what the privileges"
                    + " are on: {database: D}, or one of schema, allTablesInSchema, allSequencesInSchema,"
                    + " allFunctionsInSchema with its database: {schema: S, database: D}");
        } else {
            List<String> targets = new ArrayList<>();
            for (String key : on.keySet()) {
                if (!ON_KEYS.contains(key)) {
                    spec.problem(SpecReader.at("on", key), "unknown key '" + key + "' in spec.on of " + spec.who()
                            + " (known keys: " + String.join(", ", ON_KEYS) + ")");
                } else if (!key.equals("database")) {
                    targets.add(key);
                }
            }
            if (targets.size() > 1) {
                spec.problem(SpecReader.at("on", targets.get(1)), "spec.on of " + spec.who() + " names "
                        + String.join(" and ", targets) + "; a Grant is on one target, so split it in two");
            }
            if (!targets.isEmpty()) {
                target = GrantTarget.ofKey(targets.get(0)).orElseThrow();
                schema = onName(spec, on, target.key());
            }
            if (!on.containsKey("database")) {
                spec.problem(SpecReader.at("on"), "spec.on of " + spec.who() + " needs database (the database "
                        + (target == GrantTarget.DATABASE ? "the privileges are on" : "the schema is in") + ")");
            } else {
                database = onName(spec, on, "database");
            }
        }
        List<String> privileges = privileges(spec, target);
        boolean defaults = spec.get(spec.bool("defaultPrivileges"), false);
        if (defaults && !target.everyObjectInSchema()) {
            spec.problem(SpecReader.at("defaultPrivileges"), "defaultPrivileges of " + spec.who() + " only works"
                    + " with allTablesInSchema, allSequencesInSchema or allFunctionsInSchema, not " + target.key());
        }
        if (spec.has("forRole") && !defaults) {
            spec.problem(SpecReader.at("forRole"), "spec.forRole of " + spec.who() + " only means something with"
                    + " defaultPrivileges: true (it names the role whose new objects get the privileges)");
        }
        String forRole = defaults ? SpecNames.name(spec, "forRole").orElse(defaultOwner) : "";
        return new GrantSpec(role, privileges, target, database, schema, defaults, forRole);
    }

    private static String onName(SpecReader spec, Map<String, Object> on, String key) {
        FieldPath path = SpecReader.at("on", key);
        Field<Object> field = Field.of("spec.on." + key + " of " + spec.who(), spec.location(path), on.get(key));
        return spec.get(field.require(field.name() + " must be a name, not empty").as(String.class, "a name")
                .check(Quoting::checkName), "");
    }

    private static List<String> privileges(SpecReader spec, GrantTarget target) {
        Object value = spec.raw("privileges");
        if (!(value instanceof List<?> items) || items.isEmpty()) {
            spec.problem(SpecReader.at("privileges"), spec.who() + " needs spec.privileges, a list of privileges"
                    + " (for " + target.key() + ": " + String.join(", ", target.privileges()) + ", or ALL)");
            return List.of();
        }
        Set<String> held = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (item instanceof String text && text.trim().equalsIgnoreCase("ALL")) {
                held.addAll(target.privileges());
                continue;
            }
            Optional<String> privilege = item instanceof String text ? target.privilege(text) : Optional.empty();
            if (privilege.isEmpty()) {
                spec.problem(SpecReader.at("privileges").index(i), "spec.privileges[" + i + "] of " + spec.who()
                        + ": " + SpecReader.describe(item) + " is not a privilege on " + target.key() + " (known: "
                        + String.join(", ", target.privileges()) + ", ALL)");
            } else {
                held.add(privilege.get());
            }
        }
        return target.sorted(held);
    }

    /** This grant as a statement shape, its identity: {@code ON SCHEMA app TO reader}. */
    String object() {
        String on = target == GrantTarget.DATABASE ? "DATABASE " + database
                : target == GrantTarget.SCHEMA ? "SCHEMA " + schema
                : "ALL " + target.keyword() + " IN SCHEMA " + schema;
        if (defaultPrivileges) {
            return "DEFAULT PRIVILEGES FOR ROLE " + forRole + " IN SCHEMA " + schema + " ON " + target.keyword()
                    + " TO " + role;
        }
        return "ON " + on + " TO " + role;
    }

    /** The grant an {@link #object()} text names, with no privileges; empty when the text is not one. */
    static Optional<GrantSpec> ofObject(String database, String object) {
        String[] words = object.split(" ");
        if (words.length == 12 && words[0].equals("DEFAULT") && words[3].equals("ROLE")) {
            return GrantTarget.ofKeyword(words[9]).filter(GrantTarget::everyObjectInSchema).map(target ->
                    new GrantSpec(words[11], List.of(), target, database, words[7], true, words[4]));
        }
        if (words.length == 5 && words[0].equals("ON")) {
            Optional<GrantTarget> target = GrantTarget.ofKeyword(words[1]);
            return target.filter(t -> !t.everyObjectInSchema()).map(t -> new GrantSpec(words[4], List.of(), t,
                    database, t == GrantTarget.SCHEMA ? words[2] : "", false, ""));
        }
        if (words.length == 8 && words[0].equals("ON") && words[1].equals("ALL")) {
            return GrantTarget.ofKeyword(words[2]).filter(GrantTarget::everyObjectInSchema).map(target ->
                    new GrantSpec(words[7], List.of(), target, database, words[5], false, ""));
        }
        return Optional.empty();
    }

    GrantSpec withPrivileges(List<String> held) {
        return new GrantSpec(role, target.sorted(held), target, database, schema, defaultPrivileges, forRole);
    }

    @Override
    public ObjectId id() {
        return new ObjectId(PostgresKind.GRANT, database, object());
    }

    @Override
    public Map<String, Object> specMap() {
        Map<String, Object> on = new LinkedHashMap<>();
        if (target != GrantTarget.DATABASE) {
            on.put(target.key(), schema);
        }
        on.put("database", database);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("role", role);
        spec.put("privileges", privileges);
        spec.put("on", Values.freezeMap(on));
        spec.put("defaultPrivileges", defaultPrivileges);
        if (defaultPrivileges) {
            spec.put("forRole", forRole);
        }
        return spec;
    }
}
