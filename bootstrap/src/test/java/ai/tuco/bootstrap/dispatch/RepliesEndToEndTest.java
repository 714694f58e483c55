package ai.tuco.bootstrap.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.delivery.twilio.TwilioSignature;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Replies and opt-out end to end over HTTP, on the running service with its dispatchers on, set up as
 * {@link RealProvidersEndToEndTest} is (the same {@link RelayStub}, {@link TwilioStub} and GreenMail, the service on a
 * fixed port that {@code TUCO_PUBLIC_URL} names): a message goes out through the real provider, then the provider's
 * inbound callback is posted to the URL the provider was given ({@code /hooks/bluebubbles/{lineId}/events?token=...},
 * {@code /hooks/twilio/{lineId}/inbound}), and {@code GET /api/replies}, {@code GET /api/messages/{id}} and
 * {@code GET /api/dnc} show what it did. Also: a reply with no parent, a forged Twilio signature, STOP / START against
 * reply, admin and 21610 entries, and an email's one-click unsubscribe link.
 */
class RepliesEndToEndTest extends LiveProviders {
    // ---- BlueBubbles -------------------------------------------------------------------------------------------

    @Test
    void blueBubbles_aNewMessageFromTheLead_isAReplyToTheMessage_storedOnceWhenTheRelayPostsItAgain() throws Exception {
        TestWorkspace ws = h.workspace();
        LineId line = blueBubblesLine(ws);
        String hookUrl = registeredWebhook(line);
        String to = freshPhone();
        LeadId lead = h.lead(ws, "Ada", to);
        String id = h.send(ws, line, Channel.IMESSAGE, lead, "Can we meet on Tuesday?");
        awaitStatus(ws, id, "sent");

        String guid = UUID.randomUUID().toString().toUpperCase();
        String event = "{\"type\":\"new-message\",\"data\":" + incoming(guid, to, "Yes, Tuesday works") + "}";
        assertThat(postJson(hookUrl, event).statusCode()).isEqualTo(200);

        JsonNode reply = awaitOneReply(ws);
        assertThat(reply.get("leadId").asText()).isEqualTo(lead.value());
        assertThat(reply.get("parentMessageId").asText()).isEqualTo(id);
        assertThat(reply.get("lineId").asText()).isEqualTo(line.value());
        assertThat(reply.get("messageType").asText()).isEqualTo("imessage");
        assertThat(reply.get("fromPhone").asText()).isEqualTo(to);
        assertThat(reply.get("message").asText()).isEqualTo("Yes, Tuesday works");
        assertThat(reply.get("externalMessageId").asText()).isEqualTo(guid);
        assertThat(reply.get("parentMessages")).extracting(m -> m.get("_id").asText()).contains(id);
        assertThat(h.message(ws, id).get("replyCount").asInt()).isEqualTo(1);
        assertThat(h.status(ws, id)).as("a reply does not change the message's status").isEqualTo("sent");

        // the relay posts the same webhook again: still one reply, still counted once
        assertThat(postJson(hookUrl, event).statusCode()).isEqualTo(200);
        assertThat(replies(ws)).hasSize(1);
        assertThat(h.message(ws, id).get("replyCount").asInt()).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM replies WHERE line_id = ?", line.value())).isEqualTo(1);
    }

    // ---- Twilio ------------------------------------------------------------------------------------------------

    @Test
    void twilio_aSignedInboundSms_isAReplyToTheMessage_answeredWithEmptyTwiml() throws Exception {
        TestWorkspace ws = h.workspace();
        String from = freshPhone();
        LineId line = twilioLine(ws, from);
        String inbound = inboundUrl(ws, line);
        String to = freshPhone();
        LeadId lead = h.lead(ws, "Cleo", to);
        String id = h.send(ws, line, Channel.SMS, lead, "Hi Cleo, it's Sam");
        awaitStatus(ws, id, "sent");

        String sid = sid();
        HttpResponse<String> r = postForm(inbound, inboundForm(sid, to, from, "Sounds good"), TWILIO_TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        assertThat(r.body()).endsWith("<Response/>");

        JsonNode reply = awaitOneReply(ws);
        assertThat(reply.get("leadId").asText()).isEqualTo(lead.value());
        assertThat(reply.get("parentMessageId").asText()).isEqualTo(id);
        assertThat(reply.get("messageType").asText()).isEqualTo("sms");
        assertThat(reply.get("fromPhone").asText()).isEqualTo(to);
        assertThat(reply.get("message").asText()).isEqualTo("Sounds good");
        assertThat(reply.get("externalMessageId").asText()).isEqualTo(sid);
        assertThat(h.message(ws, id).get("replyCount").asInt()).isEqualTo(1);
        String captured;
        synchronized (log) {
            captured = log.toString(StandardCharsets.UTF_8);
        }
        assertThat(captured).as("the captured log").contains("/hooks/twilio/").doesNotContain(TWILIO_TOKEN);
    }

    @Test
    void twilio_aReplyFromANumberNeverMessaged_hasNoParentAndANewLead_andAForgedSignatureStoresNothing() throws Exception {
        TestWorkspace ws = h.workspace();
        String from = freshPhone();
        LineId line = twilioLine(ws, from);
        String inbound = inboundUrl(ws, line);
        String stranger = freshPhone();

        Map<String, String> form = inboundForm(sid(), stranger, from, "Who is this?");
        assertThat(postForm(inbound, form, "0".repeat(32)).statusCode()).as("signed with another token").isEqualTo(403);
        assertThat(postFormSigned(inbound, form, null).statusCode()).as("unsigned").isEqualTo(403);
        Map<String, String> tampered = new LinkedHashMap<>(form);
        tampered.put("Body", "STOP");
        assertThat(postFormSigned(inbound, tampered, TwilioSignature.compute(TWILIO_TOKEN, inbound, lists(form))).statusCode())
                .as("a signed body changed").isEqualTo(403);
        assertThat(replies(ws)).isEmpty();
        assertThat(dnc(ws)).isEmpty();
        assertThat(db.count("SELECT count(*) FROM replies WHERE line_id = ?", line.value())).isZero();

        assertThat(postForm(inbound, form, TWILIO_TOKEN).statusCode()).isEqualTo(200);
        JsonNode reply = awaitOneReply(ws);
        assertThat(reply.get("parentMessageId").isNull()).as(reply.toString()).isTrue();
        assertThat(reply.get("fromPhone").asText()).isEqualTo(stranger);
        assertThat(db.count("SELECT count(*) FROM leads WHERE id = ? AND workspace_id = ? AND phone = ? AND source = 'reply'",
                reply.get("leadId").asText(), ws.id().value(), stranger)).as("a new lead").isEqualTo(1);
    }

    // ---- opt-out -----------------------------------------------------------------------------------------------

    @Test
    void twilio_stopListsTheNumber_theNextMessageFailsDoNotContact_andStartLiftsIt() throws Exception {
        TestWorkspace ws = h.workspace();
        String from = freshPhone();
        LineId line = twilioLine(ws, from);
        String inbound = inboundUrl(ws, line);
        String to = freshPhone();
        LeadId lead = h.lead(ws, "Dora", to);
        String first = h.send(ws, line, Channel.SMS, lead, "Hi Dora");
        awaitStatus(ws, first, "sent");

        assertThat(postForm(inbound, inboundForm(sid(), to, from, "STOP", "OptOutType", "STOP"), TWILIO_TOKEN).statusCode())
                .isEqualTo(200);
        JsonNode entry = awaiting().until(() -> entry(ws, to), java.util.Objects::nonNull);
        assertThat(entry.get("source").asText()).isEqualTo("reply");
        assertThat(entry.get("reason").asText()).containsIgnoringCase("STOP");
        assertThat(awaitOneReply(ws).get("parentMessageId").asText()).as("STOP is a reply too").isEqualTo(first);

        int sends = twilio.sends().size();
        String next = h.send(ws, line, Channel.SMS, lead, "Are you sure?");
        awaitStatus(ws, next, "failed");
        assertThat(h.message(ws, next).get("errorCode").asText()).isEqualTo("DO_NOT_CONTACT");
        assertThat(twilio.sends().stream().filter(r -> r.getBody().utf8().contains(next))).as("never sent to Twilio").isEmpty();
        assertThat(twilio.sends().size()).isEqualTo(sends);

        assertThat(postForm(inbound, inboundForm(sid(), to, from, "START", "OptOutType", "START"), TWILIO_TOKEN).statusCode())
                .isEqualTo(200);
        awaiting().untilAsserted(() -> assertThat(entry(ws, to)).as("START lifts the reply's entry").isNull());
        String again = h.send(ws, line, Channel.SMS, lead, "Welcome back");
        awaitStatus(ws, again, "sent");
    }

    @Test
    void twilio_startLeavesAnAdminsEntry_butLiftsTheEntryA21610RefusalMade() throws Exception {
        TestWorkspace ws = h.workspace();
        String from = freshPhone();
        LineId line = twilioLine(ws, from);
        String inbound = inboundUrl(ws, line);

        // an admin listed this number: START from it is a reply, and the entry stays
        String listed = freshPhone();
        DispatchHarness.Response added = h.post(ws, "/api/dnc", Map.of("phone", listed, "reason", "asked on a call"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String adminSource = added.json().at("/entry/source").asText();
        assertThat(postForm(inbound, inboundForm(sid(), listed, from, "START"), TWILIO_TOKEN).statusCode()).isEqualTo(200);
        awaitOneReply(ws);
        JsonNode kept = entry(ws, listed);
        assertThat(kept).as("an admin's entry stays after START").isNotNull();
        assertThat(kept.get("source").asText()).isEqualTo(adminSource).isNotIn("reply", "provider");

        // Twilio refuses a send with 21610 (the number texted STOP to Twilio): the number is listed, source provider
        String blocked = freshPhone();
        twilio.optedOut.add(blocked);
        LeadId lead = h.lead(ws, "Flo", blocked);
        String refused = h.send(ws, line, Channel.SMS, lead, "Hi Flo");
        awaitStatus(ws, refused, "failed");
        JsonNode entry = awaiting().until(() -> entry(ws, blocked), java.util.Objects::nonNull);
        assertThat(entry.get("source").asText()).isEqualTo("provider");

        // START through Twilio: Twilio lifts its block, and so do we
        twilio.optedOut.remove(blocked);
        assertThat(postForm(inbound, inboundForm(sid(), blocked, from, "START", "OptOutType", "START"), TWILIO_TOKEN).statusCode())
                .isEqualTo(200);
        awaiting().untilAsserted(() -> assertThat(entry(ws, blocked)).as("START lifts a 21610 entry").isNull());
        assertThat(entry(ws, listed)).isNotNull();
        String again = h.send(ws, line, Channel.SMS, lead, "Welcome back");
        awaitStatus(ws, again, "sent");
    }

    // ---- SMTP --------------------------------------------------------------------------------------------------

    @Test
    void smtp_theEmailCarriesAOneClickUnsubscribeLink_andPostingItListsTheRecipientsEmail() throws Exception {
        TestWorkspace ws = h.workspace();
        DispatchHarness.Response created = h.post(ws, "/api/lines", Map.of("name", "Ana's mailbox", "provider", "smtp",
                "channels", List.of("email"), "email", "sales@example.com",
                "providerConfig", Map.of("host", "127.0.0.1", "port", mail.getSmtp().getPort(), "username", "ana",
                        "password", SMTP_PASSWORD, "tls", "none", "fromAddress", "sales@example.com", "fromName", "Ana Sales")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        LineId line = new LineId(created.json().at("/line/_id").asText());
        String email = "eve-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        LeadId lead = h.lead(ws, "Eve", null, email, List.of(), List.of(), Map.of());
        String id = h.send(ws, Map.of("message", "Hola Eve", "messageType", "email", "fromLineId", line.value(),
                "leadId", lead.value(), "subject", "A question"));
        awaitStatus(ws, id, "sent");

        MimeMessage received = java.util.Arrays.stream(mail.getReceivedMessages())
                .filter(m -> header(m, "Message-ID").contains(id)).findFirst().orElseThrow();
        String listUnsubscribe = header(received, "List-Unsubscribe");
        assertThat(listUnsubscribe).matches("<" + java.util.regex.Pattern.quote(publicUrl + "/unsubscribe/") + "[^>/]+>");
        assertThat(header(received, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        String link = listUnsubscribe.substring(1, listUnsubscribe.length() - 1);

        HttpResponse<String> page = CLIENT.send(HttpRequest.newBuilder(URI.create(link)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(dnc(ws)).as("GET only shows the page").isEmpty();

        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(link)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> entries = dnc(ws);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("email").asText()).isEqualTo(email);
        assertThat(entries.get(0).get("source").asText()).isEqualTo("unsubscribe");

        HttpResponse<String> forged = CLIENT.send(HttpRequest.newBuilder(URI.create(link + "x"))
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(dnc(ws)).hasSize(1);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static List<JsonNode> replies(TestWorkspace ws) {
        DispatchHarness.Response r = h.get(ws, "/api/replies");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().get("replies").forEach(out::add);
        return out;
    }

    static JsonNode awaitOneReply(TestWorkspace ws) {
        return awaiting().until(() -> replies(ws), l -> l.size() == 1).get(0);
    }

    static List<JsonNode> dnc(TestWorkspace ws) {
        DispatchHarness.Response r = h.get(ws, "/api/dnc");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().get("entries").forEach(out::add);
        return out;
    }

    /** The workspace's do-not-contact entry for {@code phone}, or null. */
    static JsonNode entry(TestWorkspace ws, String phone) {
        return dnc(ws).stream().filter(e -> phone.equals(e.path("phone").asText())).findFirst().orElse(null);
    }

    static LineId blueBubblesLine(TestWorkspace ws) {
        DispatchHarness.Response created = h.post(ws, "/api/lines", Map.of("name", "Mac relay", "provider", "bluebubbles",
                "channels", List.of("imessage"), "phone", freshPhone(),
                "providerConfig", Map.of("serverUrl", relay.url(), "password", BB_PASSWORD)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new LineId(created.json().at("/line/_id").asText());
    }

    /**
     * A message someone else sent to the relay's Mac, as adapters-delivery's {@code BlueBubblesProviderTest.incoming}
     * writes it (MessageSerializer.ts / HandleSerializer.ts): {@code isFromMe} false, the sender in
     * {@code handle.address}, the chat only in {@code chats} (an {@code any;-;} GUID, never the sender).
     */
    static String incoming(String guid, String address, String text) {
        return """
                {"originalROWID":4377,"guid":"%s","text":%s,"attributedBody":[],"handle":{"originalROWID":31,\
                "address":"%s","service":"iMessage","uncanonicalizedId":null,"country":"us"},"handleId":31,\
                "otherHandle":0,"attachments":[],"subject":null,"error":0,"dateCreated":%d,\
                "dateRead":null,"dateDelivered":null,"isDelivered":true,"isFromMe":false,"hasDdResults":false,\
                "isArchived":false,"itemType":0,"groupTitle":null,"groupActionType":0,"balloonBundleId":null,\
                "associatedMessageGuid":null,"associatedMessageType":null,"expressiveSendStyleId":null,\
                "threadOriginatorGuid":null,"hasPayloadData":false,\
                "chats":[{"originalROWID":7,"guid":"any;-;%s","style":45,"chatIdentifier":"%s"}]}""".formatted(
                guid, RelayStub.JSON.valueToTree(text), address, System.currentTimeMillis(), address, address);
    }

    static LineId twilioLine(TestWorkspace ws, String phone) {
        DispatchHarness.Response created = h.post(ws, "/api/lines", Map.of("name", "Sam's Twilio", "provider", "twilio",
                "channels", List.of("sms"), "phone", phone,
                "providerConfig", Map.of("accountSid", twilio.accountSid, "authToken", twilio.authToken, "baseUrl", twilio.url())));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        LineId line = new LineId(created.json().at("/line/_id").asText());
        awaiting().untilAsserted(() -> assertThat(h.get(ws, "/api/lines/" + line.value()).json().at("/line/healthCheck/status")
                .asText()).isEqualTo("healthy"));
        return line;
    }

    /**
     * The line's {@code inboundUrl}: what an admin pastes into Twilio's "A message comes in" webhook (the inbound path
     * with the line's callback token as its query, which Twilio then signs as part of the URL).
     */
    static String inboundUrl(TestWorkspace ws, LineId line) {
        String url = h.get(ws, "/api/lines/" + line.value()).json().at("/line/inboundUrl").asText();
        assertThat(url).startsWith(publicUrl + "/hooks/twilio/" + line.value() + "/inbound?token=");
        return url;
    }

    /**
     * Twilio's incoming-message webhook form (https://www.twilio.com/docs/messaging/guides/webhook-request), as
     * adapters-delivery's {@code TwilioInboundTest.form} writes it; {@code extra} adds e.g. {@code OptOutType}.
     */
    static Map<String, String> inboundForm(String sid, String from, String to, String body, String... extra) {
        Map<String, String> f = new LinkedHashMap<>();
        String[] base = {"ToCountry", "US", "ToState", "NY", "SmsMessageSid", sid, "NumMedia", "0", "ToCity", "",
                "FromZip", "10001", "SmsSid", sid, "FromState", "NY", "SmsStatus", "received", "FromCity", "NEW YORK",
                "Body", body, "FromCountry", "US", "To", to, "ToZip", "", "NumSegments", "1", "MessageSid", sid,
                "AccountSid", TWILIO_SID, "From", from, "ApiVersion", "2010-04-01"};
        for (int i = 0; i < base.length; i += 2) {
            f.put(base[i], base[i + 1]);
        }
        for (int i = 0; i < extra.length; i += 2) {
            f.put(extra[i], extra[i + 1]);
        }
        return f;
    }

    static String sid() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Posts {@code form} to {@code url} signed as Twilio signs it with {@code authToken}. */
    static HttpResponse<String> postForm(String url, Map<String, String> form, String authToken) throws Exception {
        return postFormSigned(url, form, TwilioSignature.compute(authToken, url, lists(form)));
    }

    static HttpResponse<String> postFormSigned(String url, Map<String, String> form, String signature) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("User-Agent", "TwilioProxy/1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            b.header("X-Twilio-Signature", signature);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String header(MimeMessage m, String name) {
        try {
            String value = m.getHeader(name, null);
            return value == null ? "" : value;
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    static String freshPhone() {
        return "+1646556" + String.format("%04d", 1000 + PHONES.incrementAndGet());
    }
}
