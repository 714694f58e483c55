package ai.tuco.bootstrap.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.workspace.port.in.SetWorkspaceStatusUseCase;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.testing.MutableClock;
import ai.tuco.domain.workspace.WorkspaceStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every path a message can take through the dispatcher and the sandbox provider, through the HTTP API. */
class DispatchPathsTest {
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

    @Test
    void givenQueuedMessage_dispatch_sendsTheTextRenderedFromTheLeadAsItIsThen_andDeliversASecondLater() {
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.IMESSAGE);
        LeadId lead = h.lead(ws, "Jon", "+12025551001", null, List.of(), List.of(), Map.of("city", "Berlin"));
        String id = h.send(ws, line, Channel.IMESSAGE, lead,
                "Hey {{firstName|there}} from {{companyName}} in {{customFields.city}}, {{jobTitle}}");
        h.exec("UPDATE leads SET first_name = 'John' WHERE id = ?", lead.value());

        java.time.Instant sentAt = clock.instant();
        assertThat(h.dispatchAll("d1")).isPositive();

        JsonNode m = h.message(ws, id);
        assertThat(m.get("status").asText()).isEqualTo("sent");
        assertThat(m.get("renderedMessage").asText()).isEqualTo("Hey John from Acme Inc in Berlin, CTO");
        assertThat(m.get("externalMessageId").asText()).startsWith("sbx_");
        assertThat(java.time.Instant.parse(m.get("sentAt").asText())).isEqualTo(sentAt);
        assertThat(h.ledger(id, "accepted")).isEqualTo(1);
        assertThat(h.sql("SELECT count(*) FROM dispatch_queue WHERE message_id = ?", id)).isZero();

        h.pumpSandbox();
        assertThat(h.status(ws, id)).as("delivered is not due before a second has passed").isEqualTo("sent");
        clock.advance(Duration.ofSeconds(1));
        assertThat(h.pumpSandbox()).isPositive();
        m = h.message(ws, id);
        assertThat(m.get("status").asText()).isEqualTo("delivered");
        assertThat(java.time.Instant.parse(m.get("deliveredAt").asText())).isEqualTo(sentAt.plusSeconds(1));
        assertThat(h.events(ws, id)).extracting(e -> e.get("seq").asInt() + ":" + e.get("toStatus").asText())
                .containsExactly("1:queued", "2:sending", "3:sent", "4:delivered");
    }

    @Test
    void templateFieldEmptyWithoutFallback_failsWithTemplateFieldMissing_andSendsNothing() {
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        LeadId lead = h.lead(ws, "", "+12025551002");
        String id = h.send(ws, line, Channel.SMS, lead, "Hey {{firstName}}, quick question");

        h.dispatchAll("d1");

        JsonNode m = h.message(ws, id);
        assertThat(m.get("status").asText()).isEqualTo("failed");
        assertThat(m.get("errorCode").asText()).isEqualTo("TEMPLATE_FIELD_MISSING");
        assertThat(m.get("errorMessage").asText()).contains("firstName");
        assertThat(h.sql("SELECT count(*) FROM sandbox_sends WHERE message_id = ?", id)).isZero();
    }

    @Test
    void permanentProviderError_failsAtOnce_keepingTheProvidersCodeAndText() {
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        String id = h.send(ws, Map.of("message", "hi", "messageType", "sms", "fromLineId", line.value(),
                "recipientPhone", "+12025550101"));

        h.dispatchAll("d1");

        JsonNode m = h.message(ws, id);
        assertThat(m.get("status").asText()).isEqualTo("failed");
        assertThat(m.get("errorCode").asText()).isEqualTo("SANDBOX_REJECTED");
        assertThat(m.get("errorMessage").asText()).isEqualTo("Sandbox: +12025550101 refuses every message");
        assertThat(h.ledger(id, "rejected")).isEqualTo(1);
    }

    @Test
    void retryableProviderError_backsOffAndSucceedsOnTheThirdTry() {
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        String id = h.send(ws, Map.of("message", "hi", "messageType", "sms", "fromLineId", line.value(),
                "recipientPhone", "+12025550102"));

        h.dispatchAll("d1");
        JsonNode m = h.message(ws, id);
        assertThat(m.get("status").asText()).isEqualTo("queued");
        assertThat(m.get("errorCode").asText()).isEqualTo("SANDBOX_TEMPORARILY_UNAVAILABLE");
        assertThat(h.dispatchAll("d1")).as("backing off: not due yet").isZero();

        clock.advance(Duration.ofSeconds(1));
        h.dispatchAll("d1");
        assertThat(h.status(ws, id)).isEqualTo("queued");
        assertThat(h.ledger(id, "rejected")).isEqualTo(2);

        clock.advance(Duration.ofSeconds(2));
        h.dispatchAll("d1");
        m = h.message(ws, id);
        assertThat(m.get("status").asText()).isEqualTo("sent");
        assertThat(m.get("errorCode").isNull()).isTrue();
        assertThat(h.ledger(id, "accepted")).isEqualTo(1);
        assertThat(h.sql("SELECT attempts FROM messages WHERE id = ?", id)).isEqualTo(3);
        assertThat(h.events(ws, id)).extracting(e -> e.get("toStatus").asText())
                .containsExactly("queued", "sending", "queued", "sending", "queued", "sending", "sent");
    }

    @Test
    void noAddressTakesIMessage_fallsBackListingTheCheckedAddresses() {
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.IMESSAGE);
        LeadId lead = h.lead(ws, "Ann", "+12025550103", null, List.of(), List.of("no-imessage@sandbox.test"), Map.of());
        String id = h.send(ws, line, Channel.IMESSAGE, lead, "hi");

        h.dispatchAll("d1");

        JsonNode m = h.message(ws, id);
        assertThat(m.get("status").asText()).isEqualTo("fallback");
        assertThat(m.get("errorCode").asText()).isEqualTo("IMESSAGE_UNAVAILABLE");
        assertThat(m.get("checkedAddresses")).extracting(JsonNode::asText)
                .containsExactly("+12025550103", "no-imessage@sandbox.test");
        assertThat(h.sql("SELECT count(*) FROM sandbox_sends WHERE message_id = ?", id)).isZero();
    }

    @Test
    void iMessage_goesToTheFirstAddressTheAvailabilityCheckAccepts_inTheContractsOrder() {
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.IMESSAGE);
        LeadId lead = h.lead(ws, "Ann", "+12025550103", "ann@corp.example", List.of("+12025550103"),
                List.of("ann.alt@corp.example"), Map.of());
        String id = h.send(ws, line, Channel.IMESSAGE, lead, "hi");

        h.dispatchAll("d1");

        assertThat(h.status(ws, id)).isEqualTo("sent");
        assertThat(h.sql("SELECT count(*) FROM sandbox_sends WHERE message_id = ? AND recipient = 'ann@corp.example'", id))
                .isEqualTo(1);
    }

    @Test
    void undeliveredAfterSent_endsFailedWithSentAtKept() {
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        String id = h.send(ws, Map.of("message", "hi", "messageType", "sms", "fromLineId", line.value(),
                "recipientPhone", "+12025550104"));
        h.dispatchAll("d1");
        assertThat(h.status(ws, id)).isEqualTo("sent");

        clock.advance(Duration.ofSeconds(1));
        h.pumpSandbox();

        JsonNode m = h.message(ws, id);
        assertThat(m.get("status").asText()).isEqualTo("failed");
        assertThat(m.get("errorCode").asText()).isEqualTo("UNDELIVERED");
        assertThat(m.get("sentAt").isNull()).isFalse();
    }

    @Test
    void doNotContactAddressesAreSkipped_andNoneLeftFailsWithDoNotContact() {
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        LeadId both = h.lead(ws, "Bo", "+12025551003", null, List.of("+12025551004"), List.of(), Map.of());
        LeadId only = h.lead(ws, "Cy", "+12025551005");
        for (String phone : List.of("+12025551003", "+12025551005")) {
            h.exec("INSERT INTO do_not_contact (id, workspace_id, phone, reason, created_at) VALUES (?, ?, ?, 'stop', now())",
                    String.format("%024x", phone.hashCode() & 0xffffffffL), ws.id().value(), phone);
        }
        String toAlt = h.send(ws, line, Channel.SMS, both, "hi");
        String blocked = h.send(ws, line, Channel.SMS, only, "hi");

        h.dispatchAll("d1");

        assertThat(h.status(ws, toAlt)).isEqualTo("sent");
        assertThat(h.sql("SELECT count(*) FROM sandbox_sends WHERE message_id = ? AND recipient = '+12025551004'", toAlt))
                .isEqualTo(1);
        JsonNode m = h.message(ws, blocked);
        assertThat(m.get("status").asText()).isEqualTo("failed");
        assertThat(m.get("errorCode").asText()).isEqualTo("DO_NOT_CONTACT");
        assertThat(h.sql("SELECT count(*) FROM sandbox_sends WHERE message_id = ?", blocked)).isZero();
    }

    @Test
    void noAddressLeft_failsWithNoAddress() {
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        LeadId lead = h.lead(ws, "Di", null, null, List.of("+12025551006"), List.of(), Map.of());
        String id = h.send(ws, line, Channel.SMS, lead, "hi");
        h.exec("UPDATE leads SET alt_phones = '{}' WHERE id = ?", lead.value());

        h.dispatchAll("d1");

        JsonNode m = h.message(ws, id);
        assertThat(m.get("status").asText()).isEqualTo("failed");
        assertThat(m.get("errorCode").asText()).isEqualTo("NO_ADDRESS");
    }

    @Test
    void readOnlyWorkspace_messagesWaitNeitherSentNorFailed_untilActiveAgain() {
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        String id = h.send(ws, line, Channel.SMS, h.lead(ws, "Ed", "+12025551007"), "hi");
        var status = h.tuco.get(SetWorkspaceStatusUseCase.class);
        status.setStatus(ws.id(), WorkspaceStatus.READ_ONLY, Actor.cli());

        h.dispatchAll("d1");
        assertThat(h.status(ws, id)).isEqualTo("queued");
        assertThat(h.events(ws, id)).hasSize(1);

        status.setStatus(ws.id(), WorkspaceStatus.ACTIVE, Actor.cli());
        h.dispatchAll("d1");
        assertThat(h.status(ws, id)).isEqualTo("sent");
    }

    @Test
    void windowClosedWhileWaitingForACap_becomesScheduledForTheNextOpening_once() {
        clock.set(DispatchHarness.T0.plus(Duration.ofDays(10)));
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        h.exec("UPDATE lines SET daily_total_messages_limit = 1 WHERE id = ?", line.value());
        LeadId lead = h.lead(ws, "Fay", "+12025551008");
        String first = h.send(ws, line, Channel.SMS, lead, "one");
        String windowed = h.send(ws, Map.of("message", "two", "messageType", "sms", "fromLineId", line.value(),
                "leadId", lead.value(), "timezone", "UTC", "sendWindowStart", "09:00", "sendWindowEnd", "17:00"));
        assertThat(h.status(ws, windowed)).isEqualTo("queued");

        h.dispatchAll("d1");
        assertThat(h.status(ws, first)).isEqualTo("sent");
        assertThat(h.status(ws, windowed)).as("the line is at its daily cap").isEqualTo("queued");

        clock.set(DispatchHarness.T0.plus(Duration.ofDays(11)).minus(Duration.ofHours(12)));   // next day 00:00 UTC
        h.dispatchAll("d1");
        JsonNode m = h.message(ws, windowed);
        assertThat(m.get("status").asText()).isEqualTo("scheduled");
        h.dispatchAll("d1");
        clock.advance(Duration.ofHours(1));
        h.dispatchAll("d1");
        assertThat(h.events(ws, windowed)).filteredOn(e -> e.get("type").asText().equals("rescheduled")).hasSize(1)
                .allSatisfy(e -> assertThat(e.at("/detail/dueAt").asText()).isEqualTo("2026-03-21T09:00:00Z"));

        clock.set(java.time.Instant.parse("2026-03-21T09:00:00Z"));
        h.dispatchAll("d1");
        assertThat(h.status(ws, windowed)).isEqualTo("sent");
    }
}
