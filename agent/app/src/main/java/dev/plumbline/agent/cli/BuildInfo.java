package dev.plumbline.agent.cli;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.Objects;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * What this copy of Plumbline is: its version, the commit it was built from and when. The build writes them
 * into the manifest of plumbline.jar ({@code Implementation-Version}, {@code Implementation-Revision} from
 * git-commit-id-maven-plugin, {@code Build-Time}); run from classes (tests, an IDE) there is none, and they are
 * {@value #DEVELOPMENT}, {@value #UNKNOWN} and {@value #UNKNOWN}. A build from sources without {@code .git}
 * writes {@value #UNKNOWN} as its revision. {@code plumbline version}, {@code --version},
 * {@code GET /api/v1/version} and the {@code plumbline_build_info} gauge show it.
 */
public record BuildInfo(String version, String revision, String buildTime) {

    public static final String DEVELOPMENT = "development";
    public static final String UNKNOWN = "unknown";

    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
    private static final BuildInfo CURRENT = of(manifestOf(BuildInfo.class));

    public BuildInfo {
        version = orElse(version, DEVELOPMENT);
        revision = orElse(revision, UNKNOWN);
        buildTime = orElse(buildTime, UNKNOWN);
    }

    /** This process's: read once from the manifest of the jar this class was loaded from. */
    public static BuildInfo current() {
        return CURRENT;
    }

    /** From a jar manifest's main attributes; empty for none (classes, not a jar). */
    static BuildInfo of(Optional<Manifest> manifest) {
        Attributes main = manifest.map(Manifest::getMainAttributes).orElseGet(Attributes::new);
        return new BuildInfo(main.getValue(Attributes.Name.IMPLEMENTATION_VERSION),
                main.getValue("Implementation-Revision"), main.getValue("Build-Time"));
    }

    /** The commit as {@code git log --oneline} shows it: its first 7 hex digits; anything else as it is. */
    public String shortRevision() {
        return SHA.matcher(revision).matches() ? revision.substring(0, 7) : revision;
    }

    /** {@code plumbline 0.1.0 (commit 1a2b3c4, built 2026-11-30T10:00:00Z)}; without a known time, no "built". */
    public String describe() {
        return "plumbline " + version + " (commit " + shortRevision()
                + (buildTime.equals(UNKNOWN) ? "" : ", built " + buildTime) + ")";
    }

    /** The manifest of the jar {@code anchor} was loaded from; empty when it came from a directory. */
    static Optional<Manifest> manifestOf(Class<?> anchor) {
        URL own = anchor.getResource(anchor.getSimpleName() + ".class");
        if (own == null || !"jar".equals(own.getProtocol())) {
            return Optional.empty();
        }
        try {
            return own.openConnection() instanceof JarURLConnection jar ? Optional.ofNullable(jar.getManifest())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // unreadable: nothing known, as when run from classes
        }
    }

    private static String orElse(String value, String otherwise) {
        return value == null || value.isBlank() ? Objects.requireNonNull(otherwise) : value.trim();
    }
}
