package dev.plumbline.engine;

import dev.plumbline.model.Resource;
import dev.plumbline.provider.Provider;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a run works out about each desired resource before it plans (its provider's normal form and the
 * hash the inventory compares), kept per stack for the very resources the renderer hands back on the next
 * run: those of the files a commit did not change. A drift check or a push to a stack of 10,000 resources
 * then normalises and hashes only what changed, instead of all of it every run.
 *
 * <p>A resource is known again by identity: at the same place in the stack's render as last time (the
 * renderer keeps the order of files that did not change), or anywhere in it when files came or went. A form
 * is reused only for the same provider instance (a config reload makes new ones). Only plain resources are
 * kept: one whose secrets were resolved is a new object every run, and nothing resolved is kept after a run.
 * {@link Provider#normalize} depends on the resource and the provider alone, which is what makes the reuse
 * sound.
 */
final class NormalForms {

    /** A resource's normal form under {@code provider}, and the hash of that form's state. */
    record Form(Provider provider, Resource normal, String hash) {
    }

    /** A stack's last render, and the form of each plain resource in it (null where secrets were resolved). */
    private record Last(List<Resource> rendered, List<Form> forms) {

        Map<Resource, Form> byIdentity() {
            Map<Resource, Form> forms = new IdentityHashMap<>(rendered.size() * 4 / 3 + 1);
            for (int index = 0; index < rendered.size(); index++) {
                if (this.forms.get(index) != null) {
                    forms.put(rendered.get(index), this.forms.get(index));
                }
            }
            return forms;
        }
    }

    private final Map<String, Last> last = new ConcurrentHashMap<>();

    /**
     * The forms of a stack's resources: {@code rendered} as the renderer gave them, {@code resolved} the same
     * with secrets resolved (the very object where a resource names none), {@code providers} the provider of
     * each.
     */
    List<Form> of(String stack, List<Resource> rendered, List<Resource> resolved,
                  Function<Resource, Provider> providers) {
        Last previous = last.get(stack);
        Map<Resource, Form> moved = null; // made the first time a resource is not where it was
        List<Form> forms = new ArrayList<>(resolved.size());
        List<Form> kept = new ArrayList<>(resolved.size());
        for (int index = 0; index < resolved.size(); index++) {
            Resource resource = rendered.get(index);
            Resource resolvedOne = resolved.get(index);
            boolean plain = resource == resolvedOne;
            Provider provider = providers.apply(resolvedOne);
            Form form = null;
            if (plain && previous != null) {
                if (index < previous.rendered().size() && previous.rendered().get(index) == resource) {
                    form = previous.forms().get(index);
                } else {
                    moved = moved != null ? moved : previous.byIdentity();
                    form = moved.get(resource);
                }
                form = form != null && form.provider() == provider ? form : null;
            }
            if (form == null) {
                Resource normal = provider.normalize(resolvedOne);
                form = new Form(provider, normal, normal.hash());
            }
            forms.add(form);
            kept.add(plain ? form : null);
        }
        last.put(stack, new Last(List.copyOf(rendered), java.util.Collections.unmodifiableList(kept)));
        return forms;
    }
}
