package ai.tuco.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The application logs through System.Logger; in the service those lines go to SLF4J, under slf4j-simple's configuration. */
class SystemLoggerRoutingTest {

    @Test
    void systemLogger_isBackedBySlf4j() {
        assertThat(System.getLogger("ai.tuco.application.dispatch.Leases").getClass().getName()).contains("slf4j");
    }

    @Test
    void systemLoggerMessage_isWrittenBySlf4jSimpleWithItsParametersFilledIn() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            System.getLogger("ai.tuco.application.dispatch.RecordSendOutcome").log(System.Logger.Level.INFO,
                    "lease of message {0} (attempt {1}) was lost; its outcome is not recorded", "m-42", 3);
            System.getLogger("ai.tuco.application.dispatch.RecordSendOutcome").log(System.Logger.Level.DEBUG,
                    "below slf4j-simple's configured level");
        } finally {
            System.setErr(original);
        }

        String out = captured.toString(StandardCharsets.UTF_8);
        // slf4j-simple's format from simplelogger.properties: [LEVEL] short name - message
        assertThat(out).contains("[INFO] RecordSendOutcome - lease of message m-42 (attempt 3) was lost");
        assertThat(out).doesNotContain("below slf4j-simple's configured level");
    }
}
