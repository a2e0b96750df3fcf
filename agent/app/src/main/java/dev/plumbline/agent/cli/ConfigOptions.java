package dev.plumbline.agent.cli;

import dev.plumbline.problem.Reasons;
import ch.qos.logback.classic.Level;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.agent.telemetry.LogFormat;
import dev.plumbline.config.ConfigLoader;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import java.util.List;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Options every config-reading command shares: the config file and how much to log. */
final class ConfigOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "plumbline.yaml",
            description = "The agent config (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "Log level on stderr: error, warn, info, debug (default: warn, info for agent and apply).")
    String logLevel;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Log lines on stderr: text or json (default: ${DEFAULT-VALUE}).")
    String logFormat;

    /** Switches the log lines to --log-format; an unknown format is a usage error. */
    void applyLogFormat() {
        try {
            LogFormat.apply(logFormat);
        } catch (IllegalArgumentException e) {
            throw new StalledException(Reasons.USAGE_ERROR, List.of(Problem.at(Location.file("--log-format"),
                    e.getMessage())));
        }
    }

    AgentConfig load() {
        return ConfigLoader.load(config);
    }

    /** Sets Plumbline's log level from --log-level, or the command's default. */
    void applyLogLevel(Level fallback) {
        Level level = logLevel == null ? fallback : Level.toLevel(logLevel, fallback);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.plumbline")).setLevel(level);
    }
}
