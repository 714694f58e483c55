package ai.tuco.bootstrap.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** sendFallbackSmsOnFailed: an iMessage that cannot go out is sent as an SMS, linked from the original. */
class FallbackSmsTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static MutableClock clock = new MutableClock(DispatchHarness.T0);
    static DispatchHarness h;

    @BeforeAll
    static void start() {
        h = new DispatchHarness(db, clock, DispatchHarness.testSettings());
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static String sendWithFallback(TestWorkspace ws, LineId line, LeadId lead) {
        return h.send(ws, Map.of("message", "Hi {{firstName}}", "messageType", "imessage", "fromLineId", line.value(),
                "leadId", lead.value(), "sendFallbackSmsOnFailed", true, "batchId", "b-1"));
    }

    @Test
    void anIMessageNoAddressTakes_isSentAsAnSmsFromAnSmsLine_andLinked() {
        var ws = h.workspace();
        LineId imessage = h.line(ws, Channel.IMESSAGE);
        LineId sms = h.line(ws, Channel.SMS);
        LeadId lead = h.lead(ws, "Ann", "+12025550103", null, List.of(), List.of(), Map.of());
        String id = sendWithFallback(ws, imessage, lead);

        h.dispatchAll("d1");
        JsonNode original = h.message(ws, id);
        assertThat(original.get("status").asText()).isEqualTo("fallback");
        String smsId = original.get("fallbackMessageId").asText();
        assertThat(smsId).matches("[0-9a-f]{24}").isNotEqualTo(id);

        JsonNode fallback = h.message(ws, smsId);
        assertThat(fallback.get("messageType").asText()).isEqualTo("sms");
        assertThat(fallback.get("fromLineId").asText()).isEqualTo(sms.value());
        assertThat(fallback.get("recipientPhone").asText()).isEqualTo("+12025550103");
        assertThat(fallback.get("leadId").asText()).isEqualTo(lead.value());
        assertThat(fallback.get("batchId").asText()).isEqualTo("b-1");
        assertThat(fallback.get("correlationId").asText()).isEqualTo(original.get("correlationId").asText());
        assertThat(h.events(ws, id)).extracting(e -> e.get("type").asText()).contains("fallback_linked");

        h.dispatchAll("d1");
        assertThat(h.status(ws, smsId)).isEqualTo("sent");
        assertThat(h.message(ws, smsId).get("renderedMessage").asText()).isEqualTo("Hi Ann");
    }

    @Test
    void aPermanentFailure_andAnUndeliveredIMessage_fallBackToSmsToo() {
        var ws = h.workspace();
        LineId imessage = h.line(ws, Channel.IMESSAGE);
        h.line(ws, Channel.SMS);
        String rejected = sendWithFallback(ws, imessage, h.lead(ws, "Rex", "+12025550101"));
        String undelivered = sendWithFallback(ws, imessage, h.lead(ws, "Una", "+12025550104"));

        h.dispatchAll("d1");
        assertThat(h.status(ws, rejected)).isEqualTo("failed");
        assertThat(h.message(ws, rejected).get("fallbackMessageId").isNull()).isFalse();

        assertThat(h.status(ws, undelivered)).isEqualTo("sent");
        clock.advance(Duration.ofSeconds(2));
        h.pumpSandbox();
        JsonNode failedLater = h.message(ws, undelivered);
        assertThat(failedLater.get("status").asText()).isEqualTo("failed");
        assertThat(failedLater.get("fallbackMessageId").isNull()).isFalse();
    }

    @Test
    void withoutTheFlag_orForADoNotContactAddress_noSmsIsSent() {
        var ws = h.workspace();
        LineId imessage = h.line(ws, Channel.IMESSAGE);
        h.line(ws, Channel.SMS);
        String plain = h.send(ws, imessage, Channel.IMESSAGE, h.lead(ws, "Pat", "+12025550103"), "hi");
        LeadId listed = h.lead(ws, "Dee", "+12025550177");
        h.post(ws, "/api/dnc", Map.of("phone", "+12025550177"));
        String dnc = sendWithFallback(ws, imessage, listed);
        long before = h.sql("SELECT count(*) FROM messages WHERE workspace_id = ?", ws.id().value());

        h.dispatchAll("d1");
        assertThat(h.status(ws, plain)).isEqualTo("fallback");
        assertThat(h.message(ws, plain).get("fallbackMessageId").isNull()).isTrue();
        assertThat(h.status(ws, dnc)).isEqualTo("failed");
        assertThat(h.message(ws, dnc).get("errorCode").asText()).isEqualTo("DO_NOT_CONTACT");
        assertThat(h.sql("SELECT count(*) FROM messages WHERE workspace_id = ?", ws.id().value())).isEqualTo(before);
    }
}
