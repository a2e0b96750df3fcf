package dev.plumbline.plan;

import dev.plumbline.diff.FieldChange;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.problem.Location;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a plan: the action for a key, the desired resource (absent for delete and orphan), the
 * live object (absent for create), and the field-level diff between them.
 */
public record Change(Action action, ResourceKey key, Optional<Resource> desired, Optional<LiveObject> live,
                     List<FieldChange> diff) {

    public Change {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(key, "key");
        desired = desired == null ? Optional.empty() : desired;
        live = live == null ? Optional.empty() : live;
        diff = List.copyOf(diff);
    }

    /**
     * The live state as plans show it: fields that are secrets in the desired state are secrets on the
     * live side too (compared by digest, shown as {@code (sensitive)}); empty when nothing is live.
     */
    public java.util.Map<String, Object> liveState() {
        return live.map(l -> desired.map(d -> dev.plumbline.diff.Sensitivity.align(l.state(), d.state()))
                .orElse(l.state())).orElse(java.util.Map.of());
    }

    /** The manifest position this change came from, when it has one. */
    public Optional<Location> origin() {
        return desired.map(Resource::location);
    }
}
