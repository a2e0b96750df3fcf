package dev.plumbline.provider.ownership;

import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;

/**
 * A write refused because another stack's {@link OwnershipRecord} is on the object: the input is wrong (two
 * stacks desire one object), so retrying cannot help. Its reason is {@value #REASON}; its message names the
 * object and its owner, and says what to do: {@code ...; a file has one owner, so remove it from one of the
 * two stacks}.
 */
public final class OwnedByAnotherStack extends StalledException {

    public static final String REASON = Reasons.OWNED_BY_ANOTHER_STACK;

    /**
     * @param whose a sentence naming the object and the stack that owns it ({@code key /config/a belongs to Key
     *     a of stack 'web'})
     * @param what what the object is, with its article ({@code a file}, {@code a key}, {@code an object})
     */
    public OwnedByAnotherStack(String whose, String what) {
        super(REASON, whose + "; " + what + " has one owner, so remove it from one of the two stacks");
    }
}
