package dev.plumbline.provider.postgres;

import dev.plumbline.provider.spec.Field;
import dev.plumbline.provider.spec.SpecReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads of PostgreSQL names from a spec, through the shared {@link SpecReader}: a plain name (see
 * {@link Quoting#checkName}), a required one, and a list of them; each wrong one is noted at its position
 * with the reason it is refused, like {@code spec.memberOf[1] of Role app: 'Admins' is not a plain name}.
 */
final class SpecNames {

    private SpecNames() {
    }

    /** {@code spec.<key>} as a plain name, or empty when absent or wrong (noted). */
    static Optional<String> name(SpecReader spec, String key) {
        return spec.get(spec.string(key).check(Quoting::checkName));
    }

    /** As {@link #name}, noting its absence: {@code <who> needs spec.<key> (<hint>)}. */
    static Optional<String> requiredName(SpecReader spec, String key, String hint) {
        return spec.get(spec.required(key, hint).as(String.class, "text").check(Quoting::checkName));
    }

    /** {@code spec.<key>} as a list of plain names, without the wrong ones and repeats (each noted). */
    static List<String> names(SpecReader spec, String key) {
        List<String> names = new ArrayList<>();
        for (Field<Object> item : spec.get(spec.items(key, "a list of names"), List.of())) {
            Field<String> name = item.require(item.name() + " must be a name, not " + SpecReader.describe(null))
                    .as(String.class, "a name");
            if (name.optional().filter(names::contains).isPresent()) {
                name = name.refuse(spec.field(key).name() + " names '" + name.orElse("") + "' twice");
            }
            spec.get(name.check(Quoting::checkName)).ifPresent(names::add);
        }
        return names;
    }
}
