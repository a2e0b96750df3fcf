package dev.plumbline.provider.files;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * A file's permission bits, written the way {@code chmod} takes them: an octal string, always shown with
 * four digits ({@code "0644"}). Only the nine permission bits are supported; setuid, setgid and sticky
 * cannot be set through Java's file API, so a mode that asks for them is refused.
 */
record FileMode(int bits) {

    static final FileMode DEFAULT = new FileMode(0644);

    private static final PosixFilePermission[] BY_BIT = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    FileMode {
        if (bits < 0 || bits > 0777) {
            throw new IllegalArgumentException("a mode holds the nine permission bits, 0000 to 0777");
        }
    }

    /**
     * Reads {@code spec.mode} as the YAML parser typed it: {@code "0644"}, {@code "644"} and {@code "0755"}
     * are fine; an unquoted {@code 644} arrives as a number and is refused with a hint to quote it.
     */
    static FileMode parse(Object value) {
        if (value instanceof Number number) {
            throw new IllegalArgumentException("mode " + number + " was read as a number; quote it so it stays"
                    + " octal, like mode: \"0644\"");
        }
        if (!(value instanceof String text) || !octal(text)) {
            throw new IllegalArgumentException("mode " + describe(value) + " is not an octal mode; write 3 or 4"
                    + " octal digits in quotes, like \"0644\" or \"0755\"");
        }
        if (text.length() == 4 && text.charAt(0) != '0') {
            throw new IllegalArgumentException("mode \"" + text + "\" sets setuid, setgid or sticky bits, which the"
                    + " files provider cannot set; use the last three digits only");
        }
        return new FileMode(Integer.parseInt(text, 8));
    }

    /** Whether {@code text} is 3 or 4 octal digits ({@code [0-7]{3,4}}). */
    private static boolean octal(String text) {
        if (text.length() < 3 || text.length() > 4) {
            return false;
        }
        for (int index = 0; index < text.length(); index++) {
            if (text.charAt(index) < '0' || text.charAt(index) > '7') {
                return false;
            }
        }
        return true;
    }

    static FileMode of(Set<PosixFilePermission> permissions) {
        int bits = 0;
        for (int bit = 0; bit < BY_BIT.length; bit++) {
            if (permissions.contains(BY_BIT[bit])) {
                bits |= 1 << bit;
            }
        }
        return new FileMode(bits);
    }

    Set<PosixFilePermission> permissions() {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BY_BIT.length; bit++) {
            if ((bits & (1 << bit)) != 0) {
                permissions.add(BY_BIT[bit]);
            }
        }
        return permissions;
    }

    /** Four octal digits, like {@code 0644} (as {@code %04o} formats them; asked for twice per file in a run). */
    String text() {
        return (char) ('0' + (bits >> 9 & 7)) + "" + (char) ('0' + (bits >> 6 & 7)) + (char) ('0' + (bits >> 3 & 7))
                + (char) ('0' + (bits & 7));
    }

    @Override
    public String toString() {
        return text();
    }

    private static String describe(Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }
}
