package ai.tuco.bootstrap.api;

import static ai.tuco.bootstrap.api.ApiFixture.DEMO_LEAD;
import static ai.tuco.bootstrap.api.ApiFixture.DEMO_LINE;
import static ai.tuco.bootstrap.api.ApiFixture.ID;
import static ai.tuco.bootstrap.api.ApiFixture.TIME;
import static ai.tuco.bootstrap.api.ApiFixture.freshPhone;
import static ai.tuco.bootstrap.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.bootstrap.TestHttp;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.workspace.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/messages} accepted: the page's two examples verbatim against the demo ids, the 201 body, what
 * one accepted message writes (in one transaction), scheduled versus queued, lead matching and creation, and the
 * round-robin line choice.
 */
class SendMessageApiTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static ApiFixture api;

    @BeforeAll
    static void start() {
        api = ApiFixture.start(db);
        leadMatchingWorkspace();
        lineChoiceWorkspace();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    // ---- the page's examples, verbatim -----------------------------------------------------------------------------

    @Test
    void pageExample_sendIMessageToAnExistingLead_isAcceptedAndQueued() {
        String body = """
                {
                  "message": "Hey {{firstName}}, quick question about next week…",
                  "messageType": "imessage",
                  "fromLineId": "667f1f77bcf86cd799439011",
                  "leadId": "667f1f77bcf86cd799439012"
                }""";
        var r = api.http.post("/api/messages", body, "Authorization", "Bearer " + api.demo.apiKey());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode json = r.json();
        assertThat(json.get("success").asBoolean()).isTrue();
        assertThat(json.get("leadId").asText()).isEqualTo(DEMO_LEAD);
        assertThat(json.get("duplicateOnly").asBoolean()).isTrue();
        JsonNode m = json.get("message");
        assertThat(m.get("_id").asText()).matches(ID);
        assertThat(m.get("message").asText()).isEqualTo("Hey {{firstName}}, quick question about next week…");
        assertThat(m.get("messageType").asText()).isEqualTo("imessage");
        assertThat(m.get("status").asText()).isEqualTo("queued");
        assertThat(m.get("fromLineId").asText()).isEqualTo(DEMO_LINE);
        assertThat(m.get("fromLinePhone").asText()).isEqualTo("+14155550100");
        assertThat(m.get("leadId").asText()).isEqualTo(DEMO_LEAD);
        assertThat(m.get("recipientPhone").asText()).isEqualTo("+12025551234");
        assertThat(m.get("recipientEmail").asText()).isEqualTo("john@example.com");
        assertThat(m.get("recipientName").asText()).isEqualTo("John Doe");
        assertThat(m.get("renderedMessage").isNull()).isTrue();
        assertThat(m.get("createdAt").asText()).matches(TIME);
        assertThat(m.get("workspaceId").asText()).isEqualTo(api.demo.workspaceId().value());
    }

    @Test
    void pageExample_sendIMessageToARawContact_matchesTheDemoLeadByPhone() {
        String body = """
                {
                  "message": "Hey John, this is a quick test from Tuco.",
                  "messageType": "imessage",
                  "fromLineId": "667f1f77bcf86cd799439011",
                  "recipientPhone": "+12025551234",
                  "recipientName": "John Doe"
                }""";
        long leadsBefore = api.count("SELECT count(*) FROM leads");
        var r = api.http.post("/api/messages", body, "Authorization", "Bearer " + api.demo.apiKey());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode json = r.json();
        assertThat(json.get("success").asBoolean()).isTrue();
        assertThat(json.get("leadId").asText()).isEqualTo(DEMO_LEAD);
        assertThat(json.get("duplicateOnly").asBoolean()).isTrue();
        JsonNode m = json.get("message");
        assertThat(m.get("message").asText()).isEqualTo("Hey John, this is a quick test from Tuco.");
        assertThat(m.get("messageType").asText()).isEqualTo("imessage");
        assertThat(m.get("status").asText()).isEqualTo("queued");
        assertThat(m.get("fromLineId").asText()).isEqualTo(DEMO_LINE);
        assertThat(m.get("leadId").asText()).isEqualTo(DEMO_LEAD);
        assertThat(m.get("recipientPhone").asText()).isEqualTo("+12025551234");
        assertThat(m.get("recipientName").asText()).isEqualTo("John Doe");
        assertThat(m.get("createdAt").asText()).matches(TIME);
        assertThat(api.count("SELECT count(*) FROM leads")).isEqualTo(leadsBefore);
    }

    // ---- the 201 body and what it writes ---------------------------------------------------------------------------

    @Test
    void acceptedMessage_hasEveryFieldOfTheContractsMessageObject() {
        JsonNode m = api.send(api.demo.apiKey(), json("message", "Hi", "leadId", DEMO_LEAD)).get("message");
        assertThat(fieldNames(m)).containsAll(List.of("_id", "workspaceId", "message", "renderedMessage", "messageType",
                "status", "fromLineId", "fromLinePhone", "fromLineEmail", "leadId", "recipientPhone", "recipientEmail",
                "recipientName", "scheduledDate", "settings", "batchId", "correlationId", "createdByUserId",
                "externalMessageId", "errorCode", "errorMessage", "checkedAddresses", "sendFallbackSmsOnFailed",
                "fallbackMessageId", "sentAt", "deliveredAt", "readAt", "createdAt", "updatedAt"));
        assertThat(m.get("checkedAddresses").isArray()).isTrue();
        assertThat(m.get("errorCode").isNull()).isTrue();
        assertThat(m.get("scheduledDate").isNull()).isTrue();
        assertThat(m.get("settings").isNull()).isTrue();
        assertThat(m.get("updatedAt").asText()).matches(TIME);
    }

    @Test
    void messageTypeAndFromLineId_mayBeLeftOut_defaultingToIMessageAndAChosenLine() {
        JsonNode m = api.send(api.demo.apiKey(), json("message", "Hi", "leadId", DEMO_LEAD)).get("message");
        assertThat(m.get("messageType").asText()).isEqualTo("imessage");
        assertThat(m.get("fromLineId").asText()).isEqualTo(DEMO_LINE);
    }

    @Test
    void acceptedMessage_writesTheMessageItsFirstEventItsQueueRowAndOneAuditRow() {
        var before = api.counts();
        var r = api.post(api.demo.apiKey(), "/api/messages", json("message", "Hi", "leadId", DEMO_LEAD, "batchId", "b-write"),
                "x-correlation-id", "corr-write-1");
        assertThat(r.status()).isEqualTo(201);
        String id = r.json().at("/message/_id").asText();
        var after = api.counts();
        assertThat(after).isEqualTo(new ApiFixture.Counts(before.messages() + 1, before.events() + 1, before.leads(),
                before.queue() + 1, before.audit() + 1, before.leadVersions()));
        var event = api.row("SELECT seq, type, from_status, to_status FROM message_events WHERE message_id = ?", id);
        assertThat(event).containsEntry("seq", 1).containsEntry("type", "accepted").containsEntry("to_status", "queued");
        assertThat(event.get("from_status")).isNull();
        var queue = api.row("SELECT line_id, workspace_id, attempt, lease_owner FROM dispatch_queue WHERE message_id = ?", id);
        assertThat(queue).containsEntry("line_id", DEMO_LINE).containsEntry("workspace_id", api.demo.workspaceId().value())
                .containsEntry("attempt", 0);
        assertThat(queue.get("lease_owner")).isNull();
        var audit = api.row("SELECT workspace_id, actor_type, actor_id, action, target_type, correlation_id FROM audit_log"
                + " WHERE target_id = ?", id);
        assertThat(audit).containsEntry("workspace_id", api.demo.workspaceId().value())
                .containsEntry("actor_type", "api_key").containsEntry("action", "message.create")
                .containsEntry("target_type", "message").containsEntry("correlation_id", "corr-write-1");
        assertThat((String) audit.get("actor_id")).matches(ID);
        assertThat(r.json().at("/message/correlationId").asText()).isEqualTo("corr-write-1");
        assertThat(r.header("x-correlation-id")).isEqualTo("corr-write-1");
    }

    @Test
    void withoutACorrelationId_theServersRequestIdIsStoredOnTheMessage() {
        var r = api.post(api.demo.apiKey(), "/api/messages", json("message", "Hi", "leadId", DEMO_LEAD));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("x-correlation-id")).startsWith("app_");
        assertThat(r.json().at("/message/correlationId").asText()).isEqualTo(r.header("x-correlation-id"));
    }

    @Test
    void memberKey_maySend() {
        String member = api.key(api.demo.workspaceId(), Role.MEMBER, Optional.empty());
        api.send(member, json("message", "Hi", "leadId", DEMO_LEAD));
    }

    @Test
    void keyBoundToAUser_recordsThatUserAsCreator() {
        String user = "cccccccccccccccccccccccc";
        String bound = api.key(api.demo.workspaceId(), Role.MEMBER, Optional.of(user));
        JsonNode m = api.send(bound, json("message", "Hi", "leadId", DEMO_LEAD, "fromLineId", DEMO_LINE)).get("message");
        assertThat(m.get("createdByUserId").asText()).isEqualTo(user);
        JsonNode unbound = api.send(api.demo.apiKey(), json("message", "Hi", "leadId", DEMO_LEAD)).get("message");
        assertThat(unbound.get("createdByUserId").isNull()).isTrue();
    }

    @Test
    void aLineAtItsCaps_stillAcceptsTheMessage_whichWaits() {
        var ws = api.workspace("US");
        String line = api.line(ws.id(), "+13125558101", Channel.IMESSAGE);
        api.exec("""
                UPDATE lines SET daily_new_conversations_limit = 0, daily_total_messages_limit = 0,
                    hourly_new_conversations_limit = 0, pacing_seconds = 3600, next_send_at = now() + interval '1 day'
                WHERE id = ?""", line);
        JsonNode m = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", freshPhone())).get("message");
        assertThat(m.get("fromLineId").asText()).isEqualTo(line);
        assertThat(m.get("status").asText()).isEqualTo("queued");
    }

    @Test
    void batchIdAndSubject_areKept() {
        JsonNode m = api.send(api.demo.apiKey(), json("message", "Hi", "messageType", "email", "leadId", DEMO_LEAD,
                "batchId", "batch-42", "subject", "Quick question")).get("message");
        assertThat(m.get("batchId").asText()).isEqualTo("batch-42");
        assertThat(m.get("subject").asText()).isEqualTo("Quick question");
        assertThat(m.get("messageType").asText()).isEqualTo("email");
        assertThat(m.get("fromLineEmail").asText()).isEqualTo("demo@tuco.example");
        assertThat(m.get("recipientEmail").asText()).isEqualTo("john@example.com");
        assertThat(m.get("recipientPhone").isNull()).isTrue();
    }

    // ---- scheduled or queued ---------------------------------------------------------------------------------------

    @Test
    void futureScheduledDate_isScheduled_dueThen() {
        Instant at = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        JsonNode m = api.send(api.demo.apiKey(), json("message", "Hi", "leadId", DEMO_LEAD, "scheduledDate", at.toString()))
                .get("message");
        assertThat(m.get("status").asText()).isEqualTo("scheduled");
        assertThat(m.get("scheduledDate").asText()).isEqualTo(at.toString().replace("Z", ".000Z"));
        assertThat(dueAtMillis(m.get("_id").asText())).isEqualTo(at.toEpochMilli());
    }

    @Test
    void windowClosedToday_isScheduledForItsNextOpening() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        int inTwoDays = today.plusDays(2).getDayOfWeek().getValue() % 7;
        JsonNode m = api.send(api.demo.apiKey(), json("message", "Hi", "leadId", DEMO_LEAD, "timezone", "UTC",
                "sendWindowStart", "09:00", "sendWindowEnd", "17:00", "allowedDaysOfWeek", List.of(inTwoDays))).get("message");
        assertThat(m.get("status").asText()).isEqualTo("scheduled");
        assertThat(m.at("/settings/timezone").asText()).isEqualTo("UTC");
        assertThat(m.at("/settings/sendWindowStart").asText()).isEqualTo("09:00");
        assertThat(m.at("/settings/sendWindowEnd").asText()).isEqualTo("17:00");
        assertThat(m.at("/settings/allowedDaysOfWeek").toString()).isEqualTo("[" + inTwoDays + "]");
        assertThat(dueAtMillis(m.get("_id").asText()))
                .isEqualTo(today.plusDays(2).atTime(9, 0).toInstant(ZoneOffset.UTC).toEpochMilli());
    }

    @Test
    void windowOpenNow_isQueued() {
        JsonNode m = api.send(api.demo.apiKey(), json("message", "Hi", "leadId", DEMO_LEAD, "timezone", "Pacific/Kiritimati",
                "sendWindowStart", "00:00", "sendWindowEnd", "00:00",
                "allowedDaysOfWeek", List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat"))).get("message");
        assertThat(m.get("status").asText()).isEqualTo("queued");
        assertThat(m.at("/settings/allowedDaysOfWeek").toString()).isEqualTo("[0,1,2,3,4,5,6]");
    }

    // ---- lead matching -------------------------------------------------------------------------------------------

    /** The lead-matching workspace: one iMessage + SMS line and one email line. */
    static TestWorkspace ws;

    static void leadMatchingWorkspace() {
        ws = api.workspace("US");
        api.line(ws.id(), "+13125558001", Channel.IMESSAGE, Channel.SMS);
        api.line(ws.id(), "sales@tuco.example", Channel.EMAIL);
    }

    static Map<String, Object> lead(String id) {
        return api.row("SELECT * FROM leads WHERE id = ?", id);
    }

    @Test
    void newRawPhone_createsAnApiLead_namedFromRecipientName() {
        String phone = freshPhone();
        long before = api.count("SELECT count(*) FROM leads WHERE workspace_id = ?", ws.idValue());
        JsonNode r = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", phone, "recipientName", "Mary Ann Smith"));
        assertThat(r.get("duplicateOnly").asBoolean()).isFalse();
        String leadId = r.get("leadId").asText();
        assertThat(leadId).matches(ID).isEqualTo(r.at("/message/leadId").asText());
        assertThat(api.count("SELECT count(*) FROM leads WHERE workspace_id = ?", ws.idValue())).isEqualTo(before + 1);
        assertThat(lead(leadId)).containsEntry("source", "api").containsEntry("phone", phone)
                .containsEntry("first_name", "Mary").containsEntry("last_name", "Ann Smith")
                .containsEntry("workspace_id", ws.idValue());
        assertThat(r.at("/message/recipientName").asText()).isEqualTo("Mary Ann Smith");
    }

    @Test
    void oneWordName_isTheFirstName() {
        JsonNode r = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", freshPhone(), "recipientName", "Cher"));
        assertThat(lead(r.get("leadId").asText())).containsEntry("first_name", "Cher").containsEntry("last_name", "");
    }

    @Test
    void samePhoneInAnotherFormat_matchesTheSameLead_withoutCreatingOne() {
        String phone = freshPhone();
        JsonNode first = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", phone));
        long before = api.count("SELECT count(*) FROM leads");
        String national = "(" + phone.substring(2, 5) + ") " + phone.substring(5, 8) + "-" + phone.substring(8);
        JsonNode second = api.send(ws.adminKey(), json("message", "Hi", "messageType", "sms", "recipientPhone", national,
                "recipientName", "Someone Else"));
        assertThat(second.get("leadId").asText()).isEqualTo(first.get("leadId").asText());
        assertThat(second.get("duplicateOnly").asBoolean()).isTrue();
        assertThat(second.at("/message/recipientPhone").asText()).isEqualTo(phone);
        assertThat(api.count("SELECT count(*) FROM leads")).isEqualTo(before);
    }

    @Test
    void phoneWithoutPlus_usesTheWorkspacesDefaultCountry_andAPlusWins() {
        var gb = api.workspace("GB");
        api.line(gb.id(), "+447700900001", Channel.IMESSAGE);
        JsonNode local = api.send(gb.adminKey(), json("message", "Hi", "recipientPhone", "07911 123456"));
        assertThat(local.at("/message/recipientPhone").asText()).isEqualTo("+447911123456");
        assertThat(lead(local.get("leadId").asText())).containsEntry("phone", "+447911123456");
        JsonNode international = api.send(gb.adminKey(), json("message", "Hi", "recipientPhone", "+1 (312) 555-7001"));
        assertThat(international.at("/message/recipientPhone").asText()).isEqualTo("+13125557001");
        JsonNode us = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", "312.555.7002"));
        assertThat(us.at("/message/recipientPhone").asText()).isEqualTo("+13125557002");
    }

    @Test
    void email_isLowerCased_andMatchesCaseInsensitively() {
        JsonNode first = api.send(ws.adminKey(), json("message", "Hi", "messageType", "email",
                "recipientEmail", "  Jane.Roe@Example.COM ", "recipientName", "Jane Roe"));
        assertThat(first.get("duplicateOnly").asBoolean()).isFalse();
        assertThat(first.at("/message/recipientEmail").asText()).isEqualTo("jane.roe@example.com");
        assertThat(lead(first.get("leadId").asText())).containsEntry("email", "jane.roe@example.com")
                .containsEntry("source", "api").containsEntry("first_name", "Jane").containsEntry("last_name", "Roe");
        JsonNode second = api.send(ws.adminKey(), json("message", "Hi", "messageType", "email", "recipientEmail", "JANE.ROE@example.com"));
        assertThat(second.get("leadId").asText()).isEqualTo(first.get("leadId").asText());
        assertThat(second.get("duplicateOnly").asBoolean()).isTrue();
    }

    @Test
    void imessageMatchesByPhone_notByEmail() {
        JsonNode byEmail = api.send(ws.adminKey(), json("message", "Hi", "messageType", "email", "recipientEmail", "pat@example.com"));
        String phone = freshPhone();
        JsonNode imessage = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", phone, "recipientEmail", "pat@example.com"));
        assertThat(imessage.get("leadId").asText()).isNotEqualTo(byEmail.get("leadId").asText());
        assertThat(imessage.get("duplicateOnly").asBoolean()).isFalse();
        // the email already belongs to the other lead, so the new lead keeps only the phone
        assertThat(lead(imessage.get("leadId").asText())).containsEntry("phone", phone);
        assertThat(api.count("SELECT count(*) FROM leads WHERE workspace_id = ? AND email = 'pat@example.com'", ws.idValue()))
                .isEqualTo(1);
        assertThat(imessage.at("/message/recipientEmail").asText()).isEqualTo("pat@example.com");
    }

    @Test
    void emailMatchesByEmail_notByPhone() {
        String phone = freshPhone();
        JsonNode byPhone = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", phone));
        JsonNode email = api.send(ws.adminKey(), json("message", "Hi", "messageType", "email",
                "recipientEmail", "lee@example.com", "recipientPhone", phone));
        assertThat(email.get("leadId").asText()).isNotEqualTo(byPhone.get("leadId").asText());
        assertThat(email.get("duplicateOnly").asBoolean()).isFalse();
        assertThat(lead(email.get("leadId").asText())).containsEntry("email", "lee@example.com");
        assertThat(lead(email.get("leadId").asText()).get("phone")).isNull();
    }

    @Test
    void imessageToARawEmailOnly_matchesByEmail() {
        JsonNode first = api.send(ws.adminKey(), json("message", "Hi", "recipientEmail", "imsg.only@example.com"));
        JsonNode second = api.send(ws.adminKey(), json("message", "Hi", "recipientEmail", "imsg.only@example.com"));
        assertThat(second.get("leadId").asText()).isEqualTo(first.get("leadId").asText());
        assertThat(second.get("duplicateOnly").asBoolean()).isTrue();
        assertThat(second.at("/message/recipientPhone").isNull()).isTrue();
    }

    @Test
    void altFields_areSavedOntoTheCreatedLead_normalised() {
        String phone = freshPhone();
        String alt = freshPhone();
        JsonNode r = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", phone,
                "altPhone1", alt.substring(2), "altEmail1", "Alt.One@Example.com", "altEmail2", "alt.two@example.com"));
        String leadId = r.get("leadId").asText();
        assertThat(altPhones(leadId)).containsExactly(alt);
        assertThat(altEmails(leadId)).containsExactly("alt.one@example.com", "alt.two@example.com");
    }

    @Test
    void altFields_areSavedOntoAMatchedLead() {
        String phone = freshPhone();
        JsonNode first = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", phone));
        String alt = freshPhone();
        JsonNode second = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", phone, "altPhone1", alt));
        assertThat(second.get("leadId").asText()).isEqualTo(first.get("leadId").asText());
        assertThat(altPhones(first.get("leadId").asText())).containsExactly(alt);
    }

    @Test
    void altFields_areSavedOntoTheLeadNamedByLeadId() {
        JsonNode first = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", freshPhone()));
        String leadId = first.get("leadId").asText();
        api.send(ws.adminKey(), json("message", "Hi", "leadId", leadId, "altEmail1", "by.id@example.com"));
        assertThat(altEmails(leadId)).containsExactly("by.id@example.com");
    }

    @Test
    void aPhoneSavedAsAnAlternate_matchesThatLead() {
        String phone = freshPhone();
        String alt = freshPhone();
        JsonNode first = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", phone, "altPhone1", alt));
        JsonNode second = api.send(ws.adminKey(), json("message", "Hi", "messageType", "sms", "recipientPhone", alt));
        assertThat(second.get("leadId").asText()).isEqualTo(first.get("leadId").asText());
        assertThat(second.get("duplicateOnly").asBoolean()).isTrue();
        assertThat(second.at("/message/recipientPhone").asText()).isEqualTo(alt);
    }

    @Test
    void leadIdWithARawRecipient_sendsToTheRawRecipient_underThatLead() {
        String phone = freshPhone();
        JsonNode first = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", phone, "recipientName", "Owner Lead"));
        String leadId = first.get("leadId").asText();
        long leads = api.count("SELECT count(*) FROM leads");
        String other = freshPhone();
        JsonNode r = api.send(ws.adminKey(), json("message", "Hi", "leadId", leadId, "recipientPhone", other));
        assertThat(r.get("leadId").asText()).isEqualTo(leadId);
        assertThat(r.get("duplicateOnly").asBoolean()).isTrue();
        assertThat(r.at("/message/recipientPhone").asText()).isEqualTo(other);
        assertThat(api.count("SELECT count(*) FROM leads")).isEqualTo(leads);
    }

    @Test
    void leadIdOnly_usesTheLeadsAddressesAndName() {
        String phone = freshPhone();
        JsonNode first = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", phone, "recipientEmail", "kim@example.com",
                "recipientName", "Kim Park"));
        String leadId = first.get("leadId").asText();
        JsonNode sms = api.send(ws.adminKey(), json("message", "Hi", "messageType", "sms", "leadId", leadId)).get("message");
        assertThat(sms.get("recipientPhone").asText()).isEqualTo(phone);
        assertThat(sms.get("recipientEmail").isNull()).isTrue();
        assertThat(sms.get("recipientName").asText()).isEqualTo("Kim Park");
        JsonNode email = api.send(ws.adminKey(), json("message", "Hi", "messageType", "email", "leadId", leadId)).get("message");
        assertThat(email.get("recipientEmail").asText()).isEqualTo("kim@example.com");
        assertThat(email.get("recipientPhone").isNull()).isTrue();
    }

    @Test
    void aLeadOfAnotherWorkspace_isNeverMatched() {
        // the demo lead's phone, sent from another workspace
        JsonNode r = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", "+12025551234", "recipientName", "John Doe"));
        assertThat(r.get("leadId").asText()).isNotEqualTo(DEMO_LEAD);
        assertThat(r.get("duplicateOnly").asBoolean()).isFalse();
        assertThat(lead(r.get("leadId").asText())).containsEntry("workspace_id", ws.idValue());
        assertThat(lead(DEMO_LEAD)).containsEntry("workspace_id", api.demo.workspaceId().value());
    }

    @Test
    void aDeletedLead_isNotMatched() {
        String phone = freshPhone();
        JsonNode first = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", phone));
        api.exec("UPDATE leads SET deleted_at = now() WHERE id = ?", first.get("leadId").asText());
        JsonNode second = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", phone));
        assertThat(second.get("leadId").asText()).isNotEqualTo(first.get("leadId").asText());
        assertThat(second.get("duplicateOnly").asBoolean()).isFalse();
        var byId = api.post(ws.adminKey(), "/api/messages", json("message", "Hi", "leadId", first.get("leadId").asText()));
        assertThat(byId.status()).isEqualTo(404);
    }

    @Test
    void concurrentSendsToOneNewPhone_createOneLead() throws Exception {
        String phone = freshPhone();
        List<JsonNode> results = concurrently(8, i -> api.post(ws.adminKey(), "/api/messages",
                json("message", "Hi " + i, "recipientPhone", phone)));
        assertThat(results).extracting(r -> r.get("leadId").asText()).containsOnly(results.get(0).get("leadId").asText());
        assertThat(results).filteredOn(r -> !r.get("duplicateOnly").asBoolean()).hasSize(1);
        assertThat(api.count("SELECT count(*) FROM leads WHERE workspace_id = ? AND phone = ?", ws.idValue(), phone))
                .isEqualTo(1);
    }

    // ---- line choice -----------------------------------------------------------------------------------------------

    /** The line-choice workspace: three iMessage lines (one also SMS), an SMS-only line, an inactive line, an email line. */
    static TestWorkspace rr;
    static List<String> imessageLines;
    static String multi;
    static String smsOnly;
    static String inactive;

    static void lineChoiceWorkspace() {
        TestWorkspace ws = api.workspace("US");
        rr = ws;
        imessageLines = new ArrayList<>(List.of(
                api.line(ws.id(), "+13125556001", Channel.IMESSAGE),
                multi = api.line(ws.id(), "+13125556002", Channel.IMESSAGE, Channel.SMS),
                api.line(ws.id(), "+13125556003", Channel.IMESSAGE)));
        imessageLines.sort(null);
        smsOnly = api.line(ws.id(), "+13125556004", Channel.SMS);
        inactive = api.line(ws.id(), "+13125556005", Channel.IMESSAGE);
        api.exec("UPDATE lines SET is_active = false WHERE id = ?", inactive);
        api.line(ws.id(), "rr@tuco.example", Channel.EMAIL);
    }

    static String sendNew(String type) {
        return api.send(rr.adminKey(), json("message", "Hi", "messageType", type, "recipientPhone", freshPhone()))
                .at("/message/fromLineId").asText();
    }

    @Test
    void newRecipients_goRoundRobin_acrossActiveLinesThatCanSendTheChannel() {
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            chosen.add(sendNew("imessage"));
        }
        assertThat(chosen).doesNotContain(smsOnly, inactive);
        assertThat(new HashSet<>(chosen.subList(0, 3))).containsExactlyInAnyOrderElementsOf(imessageLines);
        assertThat(chosen.subList(3, 6)).isEqualTo(chosen.subList(0, 3));
    }

    @Test
    void sms_usesOnlySmsCapableLines() {
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            chosen.add(sendNew("sms"));
        }
        assertThat(chosen).containsExactlyInAnyOrder(smsOnly, multi);
    }

    @Test
    void aKnownRecipient_staysOnTheLineThatLastTalkedToIt() {
        String phone = freshPhone();
        JsonNode first = api.send(rr.adminKey(), json("message", "Hi", "recipientPhone", phone));
        String line = first.at("/message/fromLineId").asText();
        for (int i = 0; i < 3; i++) {
            JsonNode again = api.send(rr.adminKey(), json("message", "Again", "recipientPhone", phone));
            assertThat(again.at("/message/fromLineId").asText()).isEqualTo(line);
            sendNew("imessage"); // the rotation moves on meanwhile
        }
        JsonNode byLead = api.send(rr.adminKey(), json("message", "By id", "leadId", first.get("leadId").asText()));
        assertThat(byLead.at("/message/fromLineId").asText()).isEqualTo(line);
    }

    @Test
    void theLastLine_isLeftWhenItIsNoLongerActive() {
        var own = api.workspace("US");
        String a = api.line(own.id(), "+13125556101", Channel.IMESSAGE);
        String b = api.line(own.id(), "+13125556102", Channel.IMESSAGE);
        String phone = freshPhone();
        String first = api.send(own.adminKey(), json("message", "Hi", "recipientPhone", phone)).at("/message/fromLineId").asText();
        // through the API: the change notice empties the read caches at once (a change made straight in the database
        // is seen once the TUCO_READ_CACHE_MILLIS bound passes, ADR 8)
        var off = api.http.request("PATCH", "/api/lines/" + first, java.net.http.HttpRequest.BodyPublishers.ofString(
                json("isActive", false)), "application/json", "Authorization", "Bearer " + own.adminKey());
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        String second = api.send(own.adminKey(), json("message", "Hi", "recipientPhone", phone)).at("/message/fromLineId").asText();
        assertThat(second).isNotEqualTo(first).isIn(a, b);
    }

    @Test
    void explicitFromLineId_isUsed_evenIfAnotherLineTalkedLast() {
        String phone = freshPhone();
        String first = api.send(rr.adminKey(), json("message", "Hi", "recipientPhone", phone)).at("/message/fromLineId").asText();
        String other = imessageLines.stream().filter(l -> !l.equals(first)).findFirst().orElseThrow();
        JsonNode r = api.send(rr.adminKey(), json("message", "Hi", "recipientPhone", phone, "fromLineId", other));
        assertThat(r.at("/message/fromLineId").asText()).isEqualTo(other);
    }

    @Test
    void concurrentSendsToASingleLineWorkspace_allGetThatLine() throws Exception {
        var single = api.workspace("US");
        String line = api.line(single.id(), "+13125556201", Channel.IMESSAGE);
        List<JsonNode> results = concurrently(12, i -> api.post(single.adminKey(), "/api/messages",
                json("message", "Hi", "recipientPhone", freshPhone())));
        assertThat(results).extracting(r -> r.at("/message/fromLineId").asText()).containsOnly(line);
    }

    @Test
    void concurrentSendsToAFewLines_allAcceptedOnCapableLinesOnly() throws Exception {
        var few = api.workspace("US");
        String one = api.line(few.id(), "+13125556301", Channel.IMESSAGE);
        String two = api.line(few.id(), "+13125556302", Channel.IMESSAGE);
        api.line(few.id(), "+13125556303", Channel.SMS);
        List<JsonNode> results = concurrently(16, i -> api.post(few.adminKey(), "/api/messages",
                json("message", "Hi", "recipientPhone", freshPhone())));
        assertThat(results).extracting(r -> r.at("/message/fromLineId").asText()).containsOnly(one, two);
        assertThat(api.count("SELECT count(*) FROM dispatch_queue WHERE workspace_id = ?", few.idValue())).isEqualTo(16);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    interface Request {
        TestHttp.Response send(int i);
    }

    /** Sends {@code n} requests at once; each must be a 201. */
    static List<JsonNode> concurrently(int n, Request request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Future<TestHttp.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<TestHttp.Response> task = () -> {
                    go.await();
                    return request.send(index);
                };
                futures.add(pool.submit(task));
            }
            go.countDown();
            List<JsonNode> bodies = new ArrayList<>();
            for (Future<TestHttp.Response> f : futures) {
                TestHttp.Response r = f.get();
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                bodies.add(r.json());
            }
            return bodies;
        } finally {
            pool.shutdownNow();
        }
    }

    static long dueAtMillis(String messageId) {
        long queue = api.count("SELECT (extract(epoch FROM due_at) * 1000)::bigint FROM dispatch_queue WHERE message_id = ?", messageId);
        long message = api.count("SELECT (extract(epoch FROM due_at) * 1000)::bigint FROM messages WHERE id = ?", messageId);
        assertThat(message).isEqualTo(queue);
        return queue;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> altPhones(String leadId) {
        return api.strings("SELECT p FROM leads, unnest(alt_phones) WITH ORDINALITY AS t(p, n) WHERE id = ? ORDER BY n", leadId);
    }

    static List<String> altEmails(String leadId) {
        return api.strings("SELECT e FROM leads, unnest(alt_emails) WITH ORDINALITY AS t(e, n) WHERE id = ? ORDER BY n", leadId);
    }
}
