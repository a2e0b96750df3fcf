package dev.plumbline.agent.cli;

import picocli.CommandLine;

/**
 * {@code --version}: the version and the commit from the jar's manifest ({@link BuildInfo}), "development" and
 * "unknown" when run from classes.
 */
final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {BuildInfo.current().describe()};
    }
}
