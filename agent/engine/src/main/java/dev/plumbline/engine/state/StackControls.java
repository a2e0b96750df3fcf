package dev.plumbline.engine.state;

/**
 * The operators' decisions per stack. Each setter changes one field only, so that an operator pausing a
 * stack and a run recording a handled request never overwrite each other.
 */
public interface StackControls {

    /** What was decided for a stack; {@link StackControl#none} for a stack nobody paused, pinned or synced. */
    StackControl get(String stack);

    void setPaused(String stack, boolean paused);

    /** Pins the stack to {@code revision}; null unpins. */
    void setPinned(String stack, String revision);

    void requested(String stack, String requestId);

    /** Records that a run handled {@code requestId}; the recorded value only ever grows. */
    void handled(String stack, String requestId);
}
