package ai.tuco.bootstrap.admin;

import static ai.tuco.bootstrap.admin.AdminFixture.ID;
import static ai.tuco.bootstrap.admin.AdminFixture.detailFields;
import static ai.tuco.bootstrap.admin.AdminFixture.error;
import static ai.tuco.bootstrap.admin.AdminFixture.json;
import static ai.tuco.bootstrap.admin.AdminFixture.obj;
import static ai.tuco.bootstrap.admin.AdminFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.reply.port.in.UnsubscribeUseCase;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.bootstrap.admin.AdminFixture.Response;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replies over real HTTP (every answer checked against the OpenAPI document): the sandbox's simulated reply,
 * {@code GET /api/replies} with its filters, pages and conversations, tenant isolation, and the email one-click
 * unsubscribe link.
 */
class ReplyApiTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
    static final AtomicInteger SEQ = new AtomicInteger();
    static AdminFixture api;

    @BeforeAll
    static void start() {
        api = AdminFixture.start(db, CLOCK);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static String phone() {
        return "+1646555" + String.format("%04d", SEQ.incrementAndGet());
    }

    static JsonNode simulate(TestWorkspace ws, String line, String from, String message) {
        CLOCK.advance(Duration.ofSeconds(1));
        Response r = api.post(ws.adminKey(), "/api/sandbox/replies", json("lineId", line, "from", from, "message", message));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().path("reply");
    }

    static String sentMessage(TestWorkspace ws, String line, String to) {
        CLOCK.advance(Duration.ofSeconds(1));
        Response r = api.post(ws.adminKey(), "/api/messages",
                json("message", "Hi", "messageType", "sms", "fromLineId", line, "recipientPhone", to));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        String id = r.json().at("/message/_id").asText();
        api.exec("UPDATE messages SET status = 'sent', sent_at = ? WHERE id = ?", Timestamp.from(CLOCK.instant()), id);
        api.exec("DELETE FROM dispatch_queue WHERE message_id = ?", id);
        return id;
    }

    static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path("_id").asText()));
        return out;
    }

    @Test
    void the_sandbox_route_records_a_reply_that_the_list_shows_with_its_lead_and_parent() {
        TestWorkspace ws = api.workspaces().create().withMemberKey().build();
        String line = api.sandboxLine(ws, phone());
        String to = phone();
        String parent = sentMessage(ws, line, to);
        JsonNode reply = simulate(ws, line, to, "Tuesday works for me");
        assertThat(reply.path("_id").asText()).matches(ID);
        assertThat(reply.path("workspaceId").asText()).isEqualTo(ws.idValue());
        assertThat(reply.path("lineId").asText()).isEqualTo(line);
        assertThat(reply.path("messageType").asText()).isEqualTo("sms");
        assertThat(reply.path("fromPhone").asText()).isEqualTo(to);
        assertThat(reply.path("fromEmail").isNull()).isTrue();
        assertThat(reply.path("message").asText()).isEqualTo("Tuesday works for me");
        assertThat(reply.path("attachments").size()).isZero();
        assertThat(reply.path("receivedAt").asText()).matches(AdminFixture.TIME);
        assertThat(Instant.parse(reply.path("receivedAt").asText())).isEqualTo(CLOCK.instant());
        assertThat(reply.path("externalMessageId").asText()).startsWith("sandbox-");
        assertThat(reply.path("parentMessageId").asText()).isEqualTo(parent);

        JsonNode listed = api.get(ws.member(), "/api/replies").json();
        assertThat(listed.path("success").asBoolean()).isTrue();
        assertThat(ids(listed.path("replies"))).containsExactly(reply.path("_id").asText());
        JsonNode item = listed.path("replies").get(0);
        String leadId = item.path("leadId").asText();
        assertThat(api.rows("SELECT lead_id FROM messages WHERE id = ?", parent).get(0).get("lead_id")).isEqualTo(leadId);
        assertThat(ids(item.path("recentReplies"))).containsExactly(reply.path("_id").asText());
        assertThat(ids(item.path("parentMessages"))).containsExactly(parent);
        assertThat(item.at("/parentMessages/0/replyCount").asInt()).isEqualTo(1);
        assertThat(listed.path("pagination")).isEqualTo(api.get(ws.adminKey(), "/api/replies").json().path("pagination"));
        assertThat(listed.at("/pagination/totalCount").asLong()).isEqualTo(1);
    }

    @Test
    void the_sandbox_route_is_for_admins_and_sandbox_lines_and_names_each_bad_field() {
        TestWorkspace ws = api.workspaces().create().withMemberKey().build();
        String line = api.sandboxLine(ws, phone());
        error(api.post(ws.member(), "/api/sandbox/replies", json("lineId", line, "from", phone(), "message", "hi")), 403, "FORBIDDEN");
        JsonNode all = error(api.post(ws.adminKey(), "/api/sandbox/replies", "{}"), 400, "VALIDATION_ERROR");
        assertThat(detailFields(all)).containsExactly("lineId", "from", "message");
        JsonNode badFrom = error(api.post(ws.adminKey(), "/api/sandbox/replies",
                json("lineId", line, "from", "nobody", "message", "hi")), 400, "VALIDATION_ERROR");
        assertThat(detailFields(badFrom)).containsExactly("from");
        JsonNode wrongType = error(api.post(ws.adminKey(), "/api/sandbox/replies",
                json("lineId", line, "from", phone(), "message", 42)), 400, "VALIDATION_ERROR");
        assertThat(detailFields(wrongType)).contains("message");

        Response twilio = api.post(ws.adminKey(), "/api/lines", write(obj("name", "Twilio", "phone", phone(), "channels",
                List.of("sms"), "provider", "twilio", "providerConfig",
                obj("accountSid", "AC0123456789abcdef0123456789abcdef", "authToken", "9f3c1e0d2b4a69788a7b6c5d4e3f2a1b"))));
        assertThat(twilio.status()).as("%s", twilio).isEqualTo(201);
        JsonNode notSandbox = error(api.post(ws.adminKey(), "/api/sandbox/replies",
                json("lineId", twilio.json().at("/line/_id").asText(), "from", phone(), "message", "hi")), 400, "VALIDATION_ERROR");
        assertThat(detailFields(notSandbox)).containsExactly("lineId");
        TestWorkspace other = api.workspace();
        JsonNode foreign = error(api.post(other.adminKey(), "/api/sandbox/replies",
                json("lineId", line, "from", phone(), "message", "hi")), 400, "VALIDATION_ERROR");
        assertThat(detailFields(foreign)).containsExactly("lineId");
        assertThat(api.count("SELECT count(*) FROM replies WHERE workspace_id IN (?, ?)", ws.idValue(), other.idValue())).isZero();
    }

    @Test
    void stop_through_the_sandbox_lists_the_number_and_start_lifts_it() {
        TestWorkspace ws = api.workspace();
        String line = api.sandboxLine(ws, phone());
        String from = phone();
        simulate(ws, line, from, "STOP");
        JsonNode entries = api.get(ws.adminKey(), "/api/dnc").json().path("entries");
        assertThat(entries.size()).isEqualTo(1);
        assertThat(entries.at("/0/phone").asText()).isEqualTo(from);
        assertThat(entries.at("/0/source").asText()).isEqualTo("reply");
        assertThat(entries.at("/0/reason").asText()).contains("STOP");
        simulate(ws, line, from, "Start");
        assertThat(api.get(ws.adminKey(), "/api/dnc").json().path("entries").size()).isZero();
    }

    @Test
    void the_list_filters_pages_newest_first_and_carries_at_most_ten_of_each_conversation() {
        TestWorkspace ws = api.workspace();
        String line = api.sandboxLine(ws, phone());
        String line2 = api.sandboxLine(ws, phone());
        String ana = phone();
        String bob = phone();
        List<String> parents = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            parents.add(sentMessage(ws, line, ana));
        }
        List<String> anas = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            anas.add(0, simulate(ws, line, ana, "reply " + i).path("_id").asText());
        }
        Instant between = CLOCK.instant().plusMillis(500);
        String bobs = simulate(ws, line2, bob, "from bob").path("_id").asText();
        String email = simulate(ws, line2, "Bob.Mail@Example.com", "by mail").path("_id").asText();

        JsonNode page1 = api.get(ws.adminKey(), "/api/replies?limit=5").json();
        assertThat(ids(page1.path("replies"))).containsExactly(email, bobs, anas.get(0), anas.get(1), anas.get(2));
        assertThat(page1.path("pagination")).isEqualTo(api.get(ws.adminKey(), "/api/replies?limit=5&page=1").json().path("pagination"));
        assertThat(page1.at("/pagination/totalCount").asLong()).isEqualTo(14);
        assertThat(page1.at("/pagination/totalPages").asLong()).isEqualTo(3);
        JsonNode page3 = api.get(ws.adminKey(), "/api/replies?limit=5&page=3").json();
        assertThat(ids(page3.path("replies"))).containsExactly(anas.get(8), anas.get(9), anas.get(10), anas.get(11));

        JsonNode anaItem = page1.path("replies").get(2);
        assertThat(ids(anaItem.path("recentReplies"))).containsExactlyElementsOf(anas.subList(0, 10));
        List<String> newestParents = new ArrayList<>(parents);
        java.util.Collections.reverse(newestParents);
        assertThat(ids(anaItem.path("parentMessages"))).containsExactlyElementsOf(newestParents.subList(0, 10));
        assertThat(anaItem.path("parentMessageId").asText()).isEqualTo(parents.get(11));

        String leadOfAna = anaItem.path("leadId").asText();
        assertThat(ids(api.get(ws.adminKey(), "/api/replies?limit=100&leadId=" + leadOfAna).json().path("replies")))
                .containsExactlyElementsOf(anas);
        assertThat(ids(api.get(ws.adminKey(), "/api/replies?lineId=" + line2).json().path("replies"))).containsExactly(email, bobs);
        assertThat(ids(api.get(ws.adminKey(), "/api/replies?messageId=" + parents.get(11) + "&limit=100").json().path("replies")))
                .containsExactlyElementsOf(anas);
        String national = "(" + bob.substring(2, 5) + ") " + bob.substring(5, 8) + "-" + bob.substring(8);
        assertThat(ids(api.get(ws.adminKey(), "/api/replies?recipientPhone=" + URLEncoder.encode(national, StandardCharsets.UTF_8))
                .json().path("replies"))).containsExactly(bobs);
        assertThat(ids(api.get(ws.adminKey(), "/api/replies?recipientEmail=bob.mail%40example.COM").json().path("replies")))
                .containsExactly(email);
        String from = URLEncoder.encode(between.toString(), StandardCharsets.UTF_8);
        assertThat(ids(api.get(ws.adminKey(), "/api/replies?dateFrom=" + from).json().path("replies"))).containsExactly(email, bobs);
        assertThat(api.get(ws.adminKey(), "/api/replies?limit=100&dateTo=" + from).json().path("replies").size()).isEqualTo(12);
    }

    @Test
    void a_reply_writes_one_message_reply_delivery_per_subscribed_endpoint_with_the_reply_object() throws Exception {
        TestWorkspace ws = api.workspace();
        Response sub = api.post(ws.adminKey(), "/api/webhooks", json("url", "https://crm.example.com/hook", "name", "crm",
                "events", List.of("message.reply")));
        assertThat(sub.status()).as("%s", sub).isEqualTo(201);
        api.post(ws.adminKey(), "/api/webhooks", json("url", "https://other.example.com/hook", "name", "sent only",
                "events", List.of("message.sent")));
        String line = api.sandboxLine(ws, phone());
        JsonNode reply = simulate(ws, line, phone(), "hello there");

        List<Map<String, Object>> rows = api.rows("SELECT event, message_id, seq, body FROM webhook_deliveries WHERE workspace_id = ?",
                ws.idValue());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("event")).isEqualTo("message.reply");
        assertThat(rows.get(0).get("message_id")).isEqualTo(reply.path("_id").asText());
        JsonNode body = AdminFixture.JSON.readTree((String) rows.get(0).get("body"));
        assertThat(body.path("event").asText()).isEqualTo("message.reply");
        assertThat(body.path("workspaceId").asText()).isEqualTo(ws.idValue());
        assertThat(body.path("timestamp").asText()).matches(AdminFixture.TIME);
        assertThat(body.path("data")).isEqualTo(reply);
        JsonNode listed = ((com.fasterxml.jackson.databind.node.ObjectNode) api.get(ws.adminKey(), "/api/replies").json()
                .path("replies").get(0)).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) listed).remove(List.of("recentReplies", "parentMessages"));
        assertThat(body.path("data")).isEqualTo(listed);
    }

    @Test
    void bad_query_parameters_are_400_naming_each_field() {
        TestWorkspace ws = api.workspace();
        JsonNode e = error(api.get(ws.adminKey(), "/api/replies?leadId=nope&lineId=123&messageId=x&dateFrom=yesterday"
                + "&dateTo=2026-12-01T00:00:00&limit=101&page=0"), 400, "VALIDATION_ERROR");
        assertThat(detailFields(e)).containsExactly("leadId", "lineId", "messageId", "dateFrom", "dateTo", "page", "limit");
        JsonNode addresses = error(api.get(ws.adminKey(), "/api/replies?recipientPhone=12&recipientEmail=not-mail"), 400,
                "VALIDATION_ERROR");
        assertThat(detailFields(addresses)).containsExactly("recipientPhone", "recipientEmail");
        error(api.get(null, "/api/replies"), 401, "UNAUTHORIZED");
    }

    @Test
    void another_workspace_sees_none_of_the_replies() {
        TestWorkspace a = api.workspace();
        TestWorkspace b = api.workspace();
        String line = api.sandboxLine(a, phone());
        JsonNode reply = simulate(a, line, phone(), "hello");
        assertThat(api.get(b.adminKey(), "/api/replies").json().path("replies").size()).isZero();
        assertThat(api.get(b.adminKey(), "/api/replies?leadId=" + reply.path("leadId").asText()).json().path("replies").size()).isZero();
        assertThat(api.get(b.adminKey(), "/api/replies?lineId=" + line).json().at("/pagination/totalCount").asLong()).isZero();
    }

    @Test
    void one_click_unsubscribe_lists_the_recipients_email_and_a_forged_link_is_404() {
        TestWorkspace ws = api.workspace();
        String line = api.emailLine(ws, "sales" + SEQ.incrementAndGet() + "@tuco.example");
        Response sent = api.post(ws.adminKey(), "/api/messages", json("message", "Hello", "messageType", "email",
                "fromLineId", line, "recipientEmail", "Jane.Doe@Example.com"));
        assertThat(sent.status()).as("%s", sent).isEqualTo(201);
        String messageId = sent.json().at("/message/_id").asText();
        String link = api.tuco.get(UnsubscribeUseCase.class).linkFor(new MessageId(messageId)).toString();
        assertThat(link).startsWith(api.tuco.config().publicUrl() + "/unsubscribe/" + messageId + ".");
        String path = link.substring(link.indexOf("/unsubscribe/"));

        Response page = api.get(null, path);
        assertThat(page.status()).as("%s", page).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("j***@example.com").contains("<form method=\"post\">").doesNotContain("jane.doe");
        assertThat(api.count("SELECT count(*) FROM do_not_contact WHERE workspace_id = ?", ws.idValue()))
                .as("GET changes nothing").isZero();

        byte[] oneClick = "List-Unsubscribe=One-Click".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 2; i++) {
            Response done = api.raw("POST", null, path, oneClick, "application/x-www-form-urlencoded");
            assertThat(done.status()).as("%s", done).isEqualTo(200);
        }
        assertThat(api.rows("SELECT email, source FROM do_not_contact WHERE workspace_id = ?", ws.idValue()))
                .containsExactly(Map.of("email", "jane.doe@example.com", "source", "unsubscribe"));

        char last = path.charAt(path.length() - 1);
        String forged = path.substring(0, path.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(api.get(null, forged).status()).isEqualTo(404);
        assertThat(api.raw("POST", null, forged, oneClick, "application/x-www-form-urlencoded").status()).isEqualTo(404);
        assertThat(api.raw("POST", null, "/unsubscribe/" + messageId, oneClick, "application/x-www-form-urlencoded").status())
                .isEqualTo(404);
        // a link of an SMS message lists nothing
        String smsLine = api.sandboxLine(ws, phone());
        Response sms = api.post(ws.adminKey(), "/api/messages", json("message", "Hi", "messageType", "sms", "fromLineId", smsLine,
                "recipientPhone", phone()));
        String smsLink = api.tuco.get(UnsubscribeUseCase.class).linkFor(new MessageId(sms.json().at("/message/_id").asText())).toString();
        assertThat(api.raw("POST", null, smsLink.substring(smsLink.indexOf("/unsubscribe/")), oneClick,
                "application/x-www-form-urlencoded").status()).isEqualTo(404);
        assertThat(api.count("SELECT count(*) FROM do_not_contact WHERE workspace_id = ?", ws.idValue())).isEqualTo(1);
    }
}
