package dev.plumbline.provider;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;

/**
 * Where a provider writes, so that two providers of one config never share a place: they would overwrite
 * each other's objects, and each would take the other's for drift or prune them. {@code kind} says what sort
 * of place it is ({@code files}, {@code etcd}, {@code postgres}); {@code places} the machines or servers
 * (any shared one counts); {@code scope} the part of them the provider claims; with {@code nested}, scopes
 * overlap when one starts with the other (a directory and one below it, key prefixes), otherwise when they
 * are equal (a server's role). {@code description} is for the message that refuses an overlap.
 */
public record Territory(String kind, Set<String> places, String scope, boolean nested, String description) {

    public Territory {
        Objects.requireNonNull(kind, "kind");
        places = Set.copyOf(places);
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(description, "description");
    }

    public boolean overlaps(Territory other) {
        if (!kind.equals(other.kind) || Collections.disjoint(places, other.places)) {
            return false;
        }
        return nested ? scope.startsWith(other.scope) || other.scope.startsWith(scope) : scope.equals(other.scope);
    }
}
