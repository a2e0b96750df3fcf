package dev.plumbline.diff;

import dev.plumbline.yaml.FieldPath;
import java.util.Objects;

/**
 * One difference between live and desired state, at a path. {@code live} is absent (null with
 * {@code inLive == false}) for an added field, {@code desired} likewise for a removed one.
 */
public record FieldChange(FieldPath path, Object live, Object desired, boolean inLive, boolean inDesired) {

    public FieldChange {
        Objects.requireNonNull(path, "path");
    }

    public static FieldChange added(FieldPath path, Object desired) {
        return new FieldChange(path, null, desired, false, true);
    }

    public static FieldChange removed(FieldPath path, Object live) {
        return new FieldChange(path, live, null, true, false);
    }

    public static FieldChange changed(FieldPath path, Object live, Object desired) {
        return new FieldChange(path, live, desired, true, true);
    }

    /** {@code added}, {@code removed} or {@code changed}. */
    public String kind() {
        return !inLive ? "added" : !inDesired ? "removed" : "changed";
    }
}
