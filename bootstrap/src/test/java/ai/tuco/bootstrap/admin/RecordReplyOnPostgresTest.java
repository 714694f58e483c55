package ai.tuco.bootstrap.admin;

import static ai.tuco.bootstrap.admin.AdminFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase;
import ai.tuco.application.reply.port.in.IncomingReply;
import ai.tuco.application.reply.port.in.RecordReplyUseCase;
import ai.tuco.application.reply.port.in.RecordReplyUseCase.RecordReplyCommand;
import ai.tuco.application.reply.port.in.RecordReplyUseCase.Recorded;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.bootstrap.admin.AdminFixture.Response;
import ai.tuco.domain.reply.OptOut;
import ai.tuco.domain.reply.Reply;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link RecordReplyUseCase} on the real service and PostgreSQL: once per (line, provider id), lead match or creation,
 * the parent, the counters, the audit row, and what STOP / START do to the do-not-contact list.
 */
class RecordReplyOnPostgresTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();
    static AdminFixture api;
    static RecordReplyUseCase replies;
    static final Actor PROVIDER = Actor.system("provider:test");
    static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void start() {
        api = AdminFixture.start(db);
        replies = api.tuco.get(RecordReplyUseCase.class);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static String phone() {
        return "+1312555" + String.format("%04d", SEQ.incrementAndGet());
    }

    static Instant at(int minute) {
        return Instant.parse("2026-03-01T10:00:00Z").plus(minute, ChronoUnit.MINUTES);
    }

    static Recorded record(TestWorkspace ws, String line, String externalId, String from, String text) {
        return record(ws, line, externalId, from, text, Optional.empty(), at(30));
    }

    static Recorded record(TestWorkspace ws, String line, String externalId, String from, String text,
            Optional<OptOut.Kind> providerOptOut, Instant receivedAt) {
        return replies.record(new RecordReplyCommand(ws.id(), new LineId(line), new IncomingReply(externalId, from, text,
                List.of(new Reply.Attachment("https://media.example/1", "image/png")), receivedAt, providerOptOut), PROVIDER));
    }

    /** A message accepted through the API and then marked sent at {@code sentAt} (dispatch is off in this fixture). */
    static String sentMessage(TestWorkspace ws, String line, String to, Instant sentAt) {
        String id = queued(ws, line, to);
        api.exec("UPDATE messages SET status = 'sent', sent_at = ?, external_message_id = ? WHERE id = ?",
                Timestamp.from(sentAt), "ext-" + id, id);
        api.exec("DELETE FROM dispatch_queue WHERE message_id = ?", id);
        return id;
    }

    static String queued(TestWorkspace ws, String line, String to) {
        Response r = api.post(ws.adminKey(), "/api/messages",
                json("message", "Hi there", "messageType", "sms", "fromLineId", line, "recipientPhone", to));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().at("/message/_id").asText();
    }

    static List<Map<String, Object>> dnc(TestWorkspace ws) {
        return api.rows("SELECT phone, email, source, reason FROM do_not_contact WHERE workspace_id = ? ORDER BY created_at",
                ws.idValue());
    }

    @Test
    void a_repeated_report_is_one_reply() {
        TestWorkspace ws = api.workspace();
        String line = api.sandboxLine(ws, phone());
        String from = phone();
        Recorded first = record(ws, line, "EXT-1", from, "Hello");
        Recorded again = record(ws, line, "EXT-1", from, "Hello (the provider retried)");
        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.reply()).isEqualTo(first.reply());
        assertThat(api.count("SELECT count(*) FROM replies WHERE line_id = ?", line)).isEqualTo(1);
        assertThat(api.audit(ws, "reply.receive")).hasSize(1);
        // the same provider id on another line is another reply
        String other = api.sandboxLine(ws, phone());
        assertThat(record(ws, other, "EXT-1", from, "Hello").created()).isTrue();
    }

    @Test
    void a_first_contact_has_no_parent_and_creates_its_lead_as_a_raw_recipient_would() {
        TestWorkspace ws = api.workspace();
        String line = api.sandboxLine(ws, phone());
        String from = phone();
        Reply r = record(ws, line, "EXT-2", "(" + from.substring(2, 5) + ") " + from.substring(5, 8) + "-" + from.substring(8), "Who is this?")
                .reply();
        assertThat(r.parentMessageId()).isEmpty();
        assertThat(r.fromPhone().orElseThrow().value()).isEqualTo(from);
        assertThat(r.channel()).isEqualTo(Channel.IMESSAGE); // the sandbox line carries iMessage and SMS
        assertThat(r.attachments()).containsExactly(new Reply.Attachment("https://media.example/1", "image/png"));
        Map<String, Object> lead = api.rows("SELECT * FROM leads WHERE id = ?", r.leadId().value()).get(0);
        assertThat(lead.get("workspace_id")).isEqualTo(ws.idValue());
        assertThat(lead.get("phone")).isEqualTo(from);
        assertThat(lead.get("source")).isEqualTo("reply");
        assertThat(((Timestamp) lead.get("last_reply_at")).toInstant()).isEqualTo(at(30));
    }

    @Test
    void the_parent_is_the_lines_latest_sent_message_to_that_address() {
        TestWorkspace ws = api.workspace();
        String line = api.sandboxLine(ws, phone());
        String otherLine = api.sandboxLine(ws, phone());
        String to = phone();
        sentMessage(ws, line, to, at(1));
        String latest = sentMessage(ws, line, to, at(5));
        sentMessage(ws, otherLine, to, at(9)); // another line's: not this conversation
        queued(ws, line, to); // newer, but never sent
        String leadId = api.rows("SELECT lead_id FROM messages WHERE id = ?", latest).get(0).get("lead_id").toString();

        Reply r = record(ws, line, "EXT-3", to, "Sounds good").reply();
        assertThat(r.parentMessageId()).contains(new MessageId(latest));
        assertThat(r.leadId().value()).isEqualTo(leadId);
        assertThat(r.channel()).isEqualTo(Channel.SMS); // the parent's channel

        JsonNode parent = api.get(ws.adminKey(), "/api/messages/" + latest).json().path("message");
        assertThat(parent.path("replyCount").asInt()).isEqualTo(1);
        assertThat(parent.path("lastReplyAt").asText()).isEqualTo("2026-03-01T10:30:00.000Z");
        assertThat(parent.path("status").asText()).isEqualTo("sent");
        JsonNode events = api.get(ws.adminKey(), "/api/messages/" + latest + "/events").json().path("events");
        JsonNode replied = events.get(events.size() - 1);
        assertThat(replied.path("type").asText()).isEqualTo("replied");
        assertThat(replied.path("fromStatus").asText()).isEqualTo("sent");
        assertThat(replied.path("toStatus").asText()).isEqualTo("sent");
        assertThat(replied.at("/detail/replyId").asText()).isEqualTo(r.id().value());
        assertThat(api.get(ws.adminKey(), "/api/leads?id=" + leadId).json().at("/lead/lastReplyAt").asText())
                .isEqualTo("2026-03-01T10:30:00.000Z");

        // a second, older reply counts but does not move lastReplyAt back
        record(ws, line, "EXT-3b", to, "(earlier)", Optional.empty(), at(20));
        JsonNode again = api.get(ws.adminKey(), "/api/messages/" + latest).json().path("message");
        assertThat(again.path("replyCount").asInt()).isEqualTo(2);
        assertThat(again.path("lastReplyAt").asText()).isEqualTo("2026-03-01T10:30:00.000Z");
    }

    @Test
    void the_lead_is_matched_on_an_alternate_phone() {
        TestWorkspace ws = api.workspace();
        String line = api.sandboxLine(ws, phone());
        String main = phone();
        String alt = phone();
        Response created = api.post(ws.adminKey(), "/api/leads", json("leads", List.of(Map.of("phone", main, "altPhone1", alt))));
        String leadId = created.json().path("leadIds").get(0).asText();
        assertThat(record(ws, line, "EXT-4", alt, "from my other phone").reply().leadId().value()).isEqualTo(leadId);
        assertThat(api.count("SELECT count(*) FROM leads WHERE workspace_id = ?", ws.idValue())).isEqualTo(1);
    }

    @Test
    void stop_lists_only_the_senders_address_and_a_waiting_message_to_it_fails_at_its_turn() {
        TestWorkspace ws = api.workspace();
        String line = api.sandboxLine(ws, phone());
        String to = phone();
        Response lead = api.post(ws.adminKey(), "/api/leads", json("leads", List.of(Map.of("phone", to, "email", "ana." + SEQ.get() + "@example.com"))));
        assertThat(lead.status()).isEqualTo(201);
        String waiting = queued(ws, line, to);

        Reply r = record(ws, line, "EXT-5", to, "  Stop ").reply();
        assertThat(r.optOut()).contains(new OptOut(OptOut.Kind.OPT_OUT, "STOP"));
        assertThat(dnc(ws)).singleElement().satisfies(e -> {
            assertThat(e.get("phone")).isEqualTo(to);
            assertThat(e.get("email")).isNull(); // the lead's email is not listed
            assertThat(e.get("source")).isEqualTo("reply");
            assertThat((String) e.get("reason")).contains("STOP");
        });
        assertThat(api.audit(ws, "dnc.add")).hasSize(1);
        record(ws, line, "EXT-5b", to, "STOP");
        assertThat(dnc(ws)).hasSize(1);

        // the existing dispatch check: the waiting message ends failed / DO_NOT_CONTACT when its turn comes
        DispatchDueMessagesUseCase dispatch = api.tuco.get(DispatchDueMessagesUseCase.class);
        for (int i = 0; i < 20 && api.count("SELECT count(*) FROM dispatch_queue WHERE message_id = ?", waiting) > 0; i++) {
            dispatch.dispatchOnce("reply-test");
        }
        JsonNode m = api.get(ws.adminKey(), "/api/messages/" + waiting).json().path("message");
        assertThat(m.path("status").asText()).isEqualTo("failed");
        assertThat(m.path("errorCode").asText()).isEqualTo("DO_NOT_CONTACT");
    }

    @Test
    void start_lifts_a_reply_entry_and_a_providers_21610_entry_but_never_an_admins_or_an_unsubscribe() {
        TestWorkspace ws = api.workspace();
        String line = api.sandboxLine(ws, phone());
        String byReply = phone();
        record(ws, line, "EXT-6a", byReply, "STOP");
        assertThat(dnc(ws)).hasSize(1);
        record(ws, line, "EXT-6b", byReply, "start");
        assertThat(dnc(ws)).isEmpty();
        assertThat(api.audit(ws, "dnc.remove")).hasSize(1);

        String byProvider = phone();
        api.exec("INSERT INTO do_not_contact (id, workspace_id, phone, reason, source, created_at) VALUES (?, ?, ?, ?, 'provider', now())",
                "6a0000000000000000000" + String.format("%03d", SEQ.incrementAndGet()), ws.idValue(), byProvider,
                "The provider reports that the recipient opted out (21610)");
        record(ws, line, "EXT-6c", byProvider, "UNSTOP");
        assertThat(dnc(ws)).isEmpty();

        String byAdmin = phone();
        assertThat(api.post(ws.adminKey(), "/api/dnc", json("phone", byAdmin, "reason", "asked by phone")).status()).isEqualTo(201);
        record(ws, line, "EXT-6d", byAdmin, "YES");
        assertThat(dnc(ws)).singleElement().satisfies(e -> assertThat(e.get("source")).isEqualTo("api"));

        String email = "lead" + SEQ.incrementAndGet() + "@example.com";
        api.exec("INSERT INTO do_not_contact (id, workspace_id, email, reason, source, created_at) VALUES (?, ?, ?, 'link', 'unsubscribe', now())",
                "6b0000000000000000000" + String.format("%03d", SEQ.incrementAndGet()), ws.idValue(), email);
        record(ws, line, "EXT-6e", email, "start");
        assertThat(dnc(ws)).hasSize(2);
    }

    @Test
    void the_providers_opt_out_class_wins_over_the_text() {
        TestWorkspace ws = api.workspace();
        String line = api.sandboxLine(ws, phone());
        String from = phone();
        record(ws, line, "EXT-7a", from, "ok thanks", Optional.of(OptOut.Kind.OPT_OUT), at(30));
        assertThat(dnc(ws)).singleElement().satisfies(e -> assertThat((String) e.get("reason")).contains("STOP"));
        record(ws, line, "EXT-7b", from, "STOP", Optional.of(OptOut.Kind.OPT_IN), at(31));
        assertThat(dnc(ws)).isEmpty();
    }

    @Test
    void another_workspace_sees_nothing_and_cannot_record_on_a_line_it_does_not_own() {
        TestWorkspace a = api.workspace();
        TestWorkspace b = api.workspace();
        String lineA = api.sandboxLine(a, phone());
        String from = phone();
        Response leadB = api.post(b.adminKey(), "/api/leads", json("leads", List.of(Map.of("phone", from))));
        String leadOfB = leadB.json().path("leadIds").get(0).asText();
        api.post(b.adminKey(), "/api/dnc", json("phone", from));

        Reply r = record(a, lineA, "EXT-8", from, "STOP").reply();
        assertThat(r.leadId().value()).isNotEqualTo(leadOfB);
        assertThat(api.rows("SELECT workspace_id FROM leads WHERE id = ?", r.leadId().value()).get(0).get("workspace_id"))
                .isEqualTo(a.idValue());
        assertThat(dnc(a)).hasSize(1);
        record(a, lineA, "EXT-8b", from, "START");
        assertThat(dnc(b)).as("B's own entry is B's").hasSize(1);
        assertThat(api.get(b.adminKey(), "/api/leads?id=" + leadOfB).json().at("/lead/lastReplyAt").isNull()).isTrue();

        assertThatThrownBy(() -> record(b, lineA, "EXT-8c", from, "hi"))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(UseCaseException.Kind.NOT_FOUND));
        assertThat(api.count("SELECT count(*) FROM replies WHERE workspace_id = ?", b.idValue())).isZero();
    }

    @Test
    void a_sender_that_is_no_address_is_refused_and_nothing_is_written() {
        TestWorkspace ws = api.workspace();
        String line = api.sandboxLine(ws, phone());
        assertThatThrownBy(() -> record(ws, line, "EXT-9", "not a phone", "hi"))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.details()).extracting(d -> d.field())
                        .containsExactly("fromAddress"));
        assertThatThrownBy(() -> record(ws, line, " ", phone(), "hi"))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.details()).extracting(d -> d.field())
                        .containsExactly("externalId"));
        assertThat(api.count("SELECT count(*) FROM replies WHERE workspace_id = ?", ws.idValue())).isZero();
        assertThat(api.count("SELECT count(*) FROM leads WHERE workspace_id = ?", ws.idValue())).isZero();
    }

    @RepeatedTest(3)
    void two_identical_reports_at_once_store_one_reply() throws Exception {
        TestWorkspace ws = api.workspace();
        String line = api.sandboxLine(ws, phone());
        String to = phone();
        String parent = sentMessage(ws, line, to, at(1));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Recorded>> both = List.of(1, 2).stream().map(i -> CompletableFuture.supplyAsync(() -> {
                try {
                    go.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return record(ws, line, "EXT-RACE", to, "STOP");
            }, pool)).toList();
            go.countDown();
            List<Recorded> results = both.stream().map(CompletableFuture::join).toList();
            assertThat(results).extracting(Recorded::created).containsExactlyInAnyOrder(true, false);
            assertThat(results.get(0).reply().id()).isEqualTo(results.get(1).reply().id());
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.count("SELECT count(*) FROM replies WHERE line_id = ?", line)).isEqualTo(1);
        assertThat(api.count("SELECT reply_count FROM messages WHERE id = ?", parent)).isEqualTo(1);
        assertThat(api.count("SELECT count(*) FROM message_events WHERE message_id = ? AND type = 'replied'", parent)).isEqualTo(1);
        assertThat(api.audit(ws, "reply.receive")).hasSize(1);
        assertThat(dnc(ws)).hasSize(1);
    }
}
