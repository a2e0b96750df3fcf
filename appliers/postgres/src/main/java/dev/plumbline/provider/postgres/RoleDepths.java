package dev.plumbline.provider.postgres;

import dev.plumbline.model.Resource;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.spec.SpecReader;
import dev.plumbline.yaml.FieldPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How deep each role of one stack sits in the {@code memberOf} graph of that stack: 0 for a role that is a
 * member of none of the stack's roles, one more than the deepest of its parents otherwise. A role is created
 * after the roles it is a member of ({@link ApplyOrder}), so {@code memberOf} never names a role not yet
 * created. A cycle is cut where it closes (and reported by {@link #cycles}, for validation). Pure: worked
 * out from the resources handed in, nothing else.
 */
record RoleDepths(Map<String, Integer> depths, List<Problem> cycles) {

    RoleDepths {
        depths = Map.copyOf(depths);
        cycles = List.copyOf(cycles);
    }

    /** The depths of the roles among {@code resources}; resources of other kinds are ignored. */
    static RoleDepths of(List<Resource> resources) {
        Map<String, RoleSpec> roles = new LinkedHashMap<>();
        for (Resource resource : resources) {
            if (resource.kind().equals(PostgresKind.ROLE.kind())) {
                // what does not validate is reported by validation; here it only weighs what it can
                RoleSpec role = RoleSpec.read(SpecReader.of(resource));
                roles.put(role.name(), role);
            }
        }
        return of(roles, resources);
    }

    /** The depths of {@code roles}, read from {@code resources}. */
    static RoleDepths of(Map<String, RoleSpec> roles, List<Resource> resources) {
        Map<String, Integer> depths = new HashMap<>();
        List<Problem> cycles = new ArrayList<>();
        for (String role : roles.keySet()) {
            depth(role, roles, depths, new ArrayList<>(), resources, cycles);
        }
        return new RoleDepths(depths, cycles);
    }

    /** How deep {@code role} sits; 0 for a role that is not one of the stack's. */
    int of(String role) {
        return depths.getOrDefault(role, 0);
    }

    private static int depth(String role, Map<String, RoleSpec> roles, Map<String, Integer> depths,
                             List<String> path, List<Resource> resources, List<Problem> cycles) {
        Integer known = depths.get(role);
        if (known != null) {
            return known;
        }
        if (path.contains(role)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(role), path.size()));
            cycle.add(role);
            resources.stream().filter(r -> r.kind().equals(PostgresKind.ROLE.kind()) && r.name().equals(role))
                    .findFirst().ifPresent(r -> cycles.add(Problem.at(r.location(FieldPath.of("spec", "memberOf")),
                            "memberOf goes round in a circle: " + String.join(" -> ", cycle)
                                    + "; PostgreSQL refuses a role that is a member of itself")));
            return 0;
        }
        path.add(role);
        int depth = 0;
        for (String parent : roles.get(role).memberOf()) {
            if (roles.containsKey(parent) && !parent.equals(role)) {
                depth = Math.max(depth, 1 + depth(parent, roles, depths, path, resources, cycles));
            }
        }
        path.remove(path.size() - 1);
        depths.put(role, depth);
        return depth;
    }
}
