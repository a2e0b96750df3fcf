package dev.plumbline.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** The logback.xml the jar ships parses cleanly (a broken one silently falls back to DEBUG on stdout). */
class LogbackConfigTest {

    @Test
    void theShippedConfigurationHasNoErrors() throws Exception {
        URL config = getClass().getClassLoader().getResource("logback.xml");
        assertThat(config).isNotNull();
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);

        assertThat(context.getStatusManager().getCopyOfStatusList())
                .noneMatch(status -> status.getLevel() >= Status.WARN);
        assertThat(context.getLogger("dev.plumbline").getLevel().toString()).isEqualTo("INFO");
        assertThat(context.getLogger("ROOT").getAppender("STDERR")).isNotNull();
        context.stop();
    }
}
