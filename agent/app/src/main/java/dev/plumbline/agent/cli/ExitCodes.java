package dev.plumbline.agent.cli;

/** The exit codes every command uses. */
final class ExitCodes {

    static final int OK = 0;
    static final int ERROR = 1;
    /** {@code plumbline plan}: the plan has changes. */
    static final int CHANGES = 2;

    private ExitCodes() {
    }
}
