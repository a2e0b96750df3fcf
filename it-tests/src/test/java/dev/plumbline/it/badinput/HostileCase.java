package dev.plumbline.it.badinput;

import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One hostile or broken input for stack {@code bad}: what it writes into the stack's directory (beside the
 * stack's valid File, whose content the same commit changes), and the problem it must produce: a line of
 * output matching {@code where} (a problem's location: the file, and the line where there is one), and
 * {@code says} somewhere in the output, so that a case fails for its own reason and not another.
 * {@code validateSees} is false for the few cases whose problem lies in what is live (a path another stack
 * owns), which {@code validate} does not read: there only {@code apply} refuses.
 */
record HostileCase(String name, Pattern where, String says, boolean validateSees, Consumer<StackDir> writer) {

    /** The line to expect: a number, {@link #WHOLE_FILE} or {@link #ANY_LINE}. */
    static final int WHOLE_FILE = 0;
    static final int ANY_LINE = -1;

    /** A case that writes one manifest file, {@code case.yaml}, holding {@code text}. */
    static HostileCase manifest(String name, String text, int line, String says) {
        return files(name, "case.yaml", line, says, dir -> dir.write("case.yaml", text));
    }

    /** A case that writes whatever {@code writer} writes, with the problem expected in {@code file}. */
    static HostileCase files(String name, String file, int line, String says, Consumer<StackDir> writer) {
        return new HostileCase(name, at(TwoStacks.BAD_PATH + "/" + file, line), says, true, writer);
    }

    /** A problem's location as printed: {@code path:line:col: }, {@code path: } for the whole file. */
    static Pattern at(String path, int line) {
        String file = "^" + Pattern.quote(path);
        return Pattern.compile(switch (line) {
            case WHOLE_FILE -> file + ": ";
            case ANY_LINE -> file + ":\\d+:\\d+: ";
            default -> file + ":" + line + ":\\d+: ";
        });
    }

    /** The same input, expected at another place. */
    HostileCase locatedBy(Pattern place) {
        return new HostileCase(name, place, says, validateSees, writer);
    }

    /** The same input, whose problem only a run that reads live state can see. */
    HostileCase onlyAgainstLiveState() {
        return new HostileCase(name, where, says, false, writer);
    }

    @Override
    public String toString() {
        return name;
    }
}
