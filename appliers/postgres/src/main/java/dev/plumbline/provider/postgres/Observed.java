package dev.plumbline.provider.postgres;

import java.util.Objects;

/** An object as a catalog query found it: its spec in normal form, and its comment ({@code ""} for none). */
record Observed<S extends ObjectSpec>(S spec, String comment) {

    Observed {
        Objects.requireNonNull(spec, "spec");
        comment = comment == null ? "" : comment;
    }
}
