package dev.plumbline.engine;

import dev.plumbline.model.Resource;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.WeakIdentityMap;

/**
 * What a run works out about each desired resource before it plans (its provider's normal form and the
 * hash the inventory compares), kept for the very resources the renderer hands back on the next run: those of
 * the files a commit did not change. A drift check or a push to a stack of 10,000 resources then normalises
 * and hashes only what changed, instead of all of it every run.
 *
 * <p>Entries are by identity and held weakly ({@link WeakIdentityMap}), so they go with the renderer's cache
 * entry; a form is reused only for the same provider instance (a config reload makes new ones). Only plain
 * resources are kept: one whose secrets were resolved is a new object every run (and nothing resolved is
 * kept after a run), so it is worked out again. {@link Provider#normalize} depends on the resource and the
 * provider alone, which is what makes the reuse sound.
 */
final class NormalForms {

    /** A resource's normal form under {@code provider}, and the hash of that form's state. */
    record Form(Provider provider, Resource normal, String hash) {
    }

    private final WeakIdentityMap<Resource, Form> forms = new WeakIdentityMap<>();

    /**
     * The normal form of {@code resolved} under {@code provider}; {@code rendered} is what the renderer gave
     * (the same object when the resource names no secret, and only then is the form kept).
     */
    Form of(Provider provider, Resource rendered, Resource resolved) {
        boolean plain = rendered == resolved;
        if (plain) {
            Form known = forms.get(rendered).orElse(null);
            if (known != null && known.provider() == provider) {
                return known;
            }
        }
        Resource normal = provider.normalize(resolved);
        Form form = new Form(provider, normal, normal.hash());
        if (plain) {
            forms.put(rendered, form);
        }
        return form;
    }

    /** For tests: how many resources have a form kept. */
    int size() {
        return forms.size();
    }
}
