package ai.tuco.bootstrap.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.callback.port.in.PollProvidersUseCase;
import ai.tuco.application.dispatch.DispatchSettings;
import ai.tuco.application.provider.port.out.spi.HealthResult;
import ai.tuco.application.provider.port.out.spi.ProviderDirectory;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.bootstrap.Config;
import ai.tuco.bootstrap.TestHttp;
import ai.tuco.bootstrap.TestHttp.Response;
import ai.tuco.bootstrap.TestWorkspaces;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.bootstrap.Tuco;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LineId;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.AbstractModule;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider hooks end to end over HTTP on PostgreSQL: callbacks at {@code /hooks/{provider}/{lineId}/{path}}
 * (authenticated by the provider's decoder, applied within the line, refused without detail), per-line polls with their
 * cursors, line health (the API route, the line object, checks after a line's write) and the provider's line hooks.
 * The provider is a test one named {@code bluebubbles}, bound in place of the loaded providers.
 */
class ProviderHooksApiTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final String PUBLIC_URL = "https://hooks.example.test";
    private static final AtomicInteger SEQ = new AtomicInteger();
    static final HookTestProvider relay = new HookTestProvider("bluebubbles");
    static Tuco tuco;
    static TestHttp api;
    static TestWorkspaces workspaces;

    @BeforeAll
    static void start() {
        Map<String, String> e = new HashMap<>();
        e.put("TUCO_DATABASE_URL", db.jdbcUrl());
        db.user().ifPresent(u -> e.put("TUCO_DATABASE_USER", u));
        db.password().ifPresent(p -> e.put("TUCO_DATABASE_PASSWORD", p));
        e.put("TUCO_SECRET_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        e.put("TUCO_PORT", "0");
        e.put("TUCO_DEMO", "false");
        e.put("TUCO_DISPATCH_ENABLED", "false");
        e.put("TUCO_PUBLIC_URL", PUBLIC_URL);
        DispatchSettings settings = DispatchSettings.defaults(5)
                .withLease(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(2));
        tuco = Tuco.open(Config.from(e), Clock.systemUTC(), settings, new AbstractModule() {
            /** The relay beside the built-in sandbox (the test's other lines are sandbox lines). */
            @com.google.inject.Provides @com.google.inject.Singleton
            ProviderDirectory providers(ai.tuco.adapters.delivery.sandbox.SandboxProvider sandbox) {
                return HookTestProvider.directory(relay, sandbox);
            }
        });
        api = new TestHttp(tuco.startHttp().port());
        workspaces = new TestWorkspaces(tuco, Actor.cli());
    }

    @AfterAll
    static void stop() {
        if (tuco != null) {
            tuco.close();
        }
    }

    record RelayLine(TestWorkspace ws, String id, String token) {}

    private static RelayLine relayLine() {
        TestWorkspace ws = workspaces.create().withMemberKey().build();
        String phone = "+1415777" + String.format("%04d", SEQ.incrementAndGet());
        Response r = api.post("/api/lines", """
                {"provider": "bluebubbles", "channels": ["imessage"], "phone": "%s",
                 "providerConfig": {"serverUrl": "http://relay.example.test", "password": "pw-relay-secret"}}""".formatted(phone),
                "Authorization", "Bearer " + ws.adminKey());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().at("/line/_id").asText();
        String inbound = r.json().at("/line/inboundUrl").asText();
        assertThat(inbound).startsWith(PUBLIC_URL + "/hooks/bluebubbles/" + id + "/inbound?token=");
        return new RelayLine(ws, id, inbound.substring(inbound.indexOf("?token=") + 7));
    }

    /** A message of the line the relay accepted under {@code externalId} (set in SQL: this branch cannot send through it). */
    private static String sentMessage(RelayLine line, String externalId) {
        Response r = api.post("/api/messages", """
                {"message": "Hi", "messageType": "imessage", "fromLineId": "%s", "recipientPhone": "+1202555%04d"}"""
                .formatted(line.id(), SEQ.incrementAndGet()), "Authorization", "Bearer " + line.ws().adminKey());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().at("/message/_id").asText();
        db.exec("DELETE FROM dispatch_queue WHERE message_id = ?", id);
        db.exec("UPDATE messages SET status = 'sent', external_message_id = ?, sent_at = now(), rendered_message = 'Hi' WHERE id = ?",
                externalId, id);
        return id;
    }

    private static JsonNode message(RelayLine line, String id) {
        return api.get("/api/messages/" + id, "Authorization", "Bearer " + line.ws().adminKey()).json().get("message");
    }

    private static Response callback(String path, String body, String contentType) {
        return api.request("POST", path, HttpRequest.BodyPublishers.ofString(body), contentType);
    }

    @Test
    void aCallbackNamingTheProvidersId_updatesTheLinesMessage_neverAnotherLinesTwin() {
        RelayLine a = relayLine();
        RelayLine b = relayLine();
        String onA = sentMessage(a, "GUID-TWIN");
        String onB = sentMessage(b, "GUID-TWIN");

        Response r = callback("/hooks/bluebubbles/" + a.id() + "/status?token=" + a.token(),
                "{\"id\": \"GUID-TWIN\", \"status\": \"delivered\"}", "application/json");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(message(a, onA).get("status").asText()).isEqualTo("delivered");
        assertThat(message(b, onB).get("status").asText()).isEqualTo("sent");
    }

    @Test
    void aFormCallback_isParsed_andAFailureCarriesTheProvidersError() {
        RelayLine a = relayLine();
        String m = sentMessage(a, "GUID-FORM");

        Response r = callback("/hooks/bluebubbles/" + a.id() + "/form?token=" + a.token(),
                "id=GUID-FORM&status=failed&error=22%2B1", "application/x-www-form-urlencoded");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode msg = message(a, m);
        assertThat(msg.get("status").asText()).isEqualTo("failed");
        assertThat(msg.get("errorCode").asText()).isEqualTo("E22+1");
    }

    @Test
    void forgedUnknownMisdirectedAndGarbageCallbacks_recordNothing_andAreNever500() {
        RelayLine a = relayLine();
        String m = sentMessage(a, "GUID-SAFE");
        String delivered = "{\"id\": \"GUID-SAFE\", \"status\": \"delivered\"}";
        String base = "/hooks/bluebubbles/" + a.id() + "/status";

        assertThat(callback(base + "?token=wrong", delivered, "application/json").status()).isEqualTo(401);
        assertThat(callback(base, delivered, "application/json").status()).isEqualTo(401);
        for (String path : List.of("/hooks/bluebubbles/" + "0".repeat(24) + "/status", "/hooks/bluebubbles/not-an-id/status",
                "/hooks/twilio/" + a.id() + "/status", "/hooks/carrier-pigeon/" + a.id() + "/status")) {
            Response r = callback(path + "?token=" + a.token(), delivered, "application/json");
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.json().get("code").asText()).isEqualTo("NOT_FOUND");
            assertThat(r.body()).doesNotContain(a.id()).doesNotContain("bluebubbles");
        }
        for (String garbage : List.of("", "{", "\u0000\u0001", "[1,2]", "{\"id\": 3, \"status\": \"exploded\"}")) {
            assertThat(callback(base + "?token=" + a.token(), garbage, "application/json").status()).as(garbage).isEqualTo(400);
        }
        assertThat(callback(base + "?token=" + a.token(), "id=%zz&status=x", "application/x-www-form-urlencoded").status())
                .isEqualTo(400);
        assertThat(api.headOnly("POST", base + "?token=" + a.token(), "application/json", 1024 * 1024 + 1).status())
                .isEqualTo(413);
        assertThat(api.get(base + "?token=" + a.token()).status()).as("GET reaches the decoder too").isEqualTo(400);

        assertThat(message(a, m).get("status").asText()).isEqualTo("sent");
    }

    @Test
    void aCallbackBeforeTheSendIsRecorded_isKeptForTheLine() {
        RelayLine a = relayLine();

        Response r = callback("/hooks/bluebubbles/" + a.id() + "/status?token=" + a.token(),
                "{\"id\": \"GUID-EARLY\", \"status\": \"delivered\"}", "application/json");

        assertThat(r.status()).isEqualTo(200);
        assertThat(db.count("SELECT count(*) FROM early_status_updates WHERE line_id = ? AND external_id = 'GUID-EARLY'"
                + " AND kind = 'DELIVERED'", a.id())).isEqualTo(1);
    }

    @Test
    void polls_runOncePerLinePerInterval_applyWhatTheyFind_andGetTheirCursorBack() {
        RelayLine a = relayLine();
        String m = sentMessage(a, "GUID-POLLED");
        relay.toPoll.computeIfAbsent(a.id(), k -> new java.util.concurrent.ConcurrentLinkedQueue<>())
                .add(StatusUpdate.byExternalId("GUID-POLLED", StatusUpdate.Kind.DELIVERED));
        PollProvidersUseCase polls = tuco.get(PollProvidersUseCase.class);

        polls.pollDue();
        assertThat(relay.polls).filteredOn(p -> p.startsWith(a.id())).containsExactly(a.id() + "@-");
        assertThat(message(a, m).get("status").asText()).isEqualTo("delivered");

        polls.pollDue();
        assertThat(relay.polls).as("not again within the interval").filteredOn(p -> p.startsWith(a.id())).hasSize(1);

        polls.afterStart();
        polls.pollDue();
        List<String> mine = relay.polls.stream().filter(p -> p.startsWith(a.id())).toList();
        assertThat(mine).hasSize(2);
        assertThat(mine.get(1)).as("the cursor the first poll returned").matches(a.id() + "@c\\d+");

        relay.pollFails = true;
        try {
            polls.afterStart();
            polls.pollDue(); // logged, retried next interval; never thrown at the scheduler
        } finally {
            relay.pollFails = false;
        }
    }

    @Test
    void healthCheck_isRunByAdminsOnRequest_andShownOnTheLine() {
        RelayLine a = relayLine();
        String admin = "Bearer " + a.ws().adminKey();
        String path = "/api/lines/" + a.id() + "/health-check";

        relay.health = HealthResult.ok();
        Response ok = api.post(path, "", "Authorization", admin);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().at("/healthCheck/status").asText()).isEqualTo("healthy");
        assertThat(ok.json().at("/healthCheck/lastCheckedAt").asText()).isNotEmpty();

        relay.health = HealthResult.unhealthy("The relay refused the password");
        try {
            Response bad = api.post(path, "", "Authorization", admin);
            assertThat(bad.json().at("/healthCheck/status").asText()).isEqualTo("unhealthy");
            assertThat(bad.json().at("/healthCheck/reason").asText()).isEqualTo("The relay refused the password");
            JsonNode line = api.get("/api/lines/" + a.id(), "Authorization", admin).json().get("line");
            assertThat(line.get("healthCheck")).isEqualTo(bad.json().get("healthCheck"));
        } finally {
            relay.health = HealthResult.ok();
        }

        assertThat(api.post(path, "", "Authorization", "Bearer " + a.ws().member()).status()).isEqualTo(403);
        assertThat(api.post("/api/lines/" + "0".repeat(24) + "/health-check", "", "Authorization", admin).status()).isEqualTo(404);
        RelayLine other = relayLine();
        assertThat(api.post("/api/lines/" + other.id() + "/health-check", "", "Authorization", admin).status()).isEqualTo(404);
    }

    @Test
    void aHealthCheckThatHangs_endsUnhealthyWithinTheProviderTimeout() {
        RelayLine a = relayLine();
        CountDownLatch release = new CountDownLatch(1);
        relay.hangHealth = release;
        try {
            Response r = api.post("/api/lines/" + a.id() + "/health-check", "", "Authorization", "Bearer " + a.ws().adminKey());
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().at("/healthCheck/status").asText()).isEqualTo("unhealthy");
            assertThat(r.json().at("/healthCheck/reason").asText()).isEqualTo("The provider did not answer in time");
        } finally {
            relay.hangHealth = null;
            release.countDown();
        }
    }

    @Test
    void aLinesWrite_tellsItsProvider_andChecksItsHealth_afterTheCommit() {
        RelayLine a = relayLine();
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.configured.contains(a.id() + " (new)"));
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count(
                "SELECT count(*) FROM line_health WHERE line_id = ? AND status = 'healthy'", a.id()) == 1);

        Response r = api.request("PATCH", "/api/lines/" + a.id(), HttpRequest.BodyPublishers.ofString("{\"name\": \"Renamed\"}"),
                "application/json", "Authorization", "Bearer " + a.ws().adminKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.configured.contains(a.id() + " (was configured)"));
        assertThat(r.body()).doesNotContain("pw-relay-secret");
    }

    @Test
    void automaticLineChoice_avoidsUnhealthyLines_butAnExplicitLineIsStillTried() {
        TestWorkspace ws = workspaces.create().build();
        LineId sick = workspaces.line(ws.id(), TestWorkspaces.freshAddress(Channel.SMS), "sick", Set.of(Channel.SMS));
        LineId well = workspaces.line(ws.id(), TestWorkspaces.freshAddress(Channel.SMS), "well", Set.of(Channel.SMS));
        String key = "Bearer " + ws.adminKey();
        // a conversation that started on the line that is now unhealthy
        Response first = api.post("/api/messages", """
                {"message": "Hi", "messageType": "sms", "fromLineId": "%s", "recipientPhone": "+12025550777"}""".formatted(sick.value()),
                "Authorization", key);
        assertThat(first.status()).isEqualTo(201);
        // the sandbox lines' own checks after creation come first (healthy); then the sick line turns unhealthy
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count("SELECT count(*) FROM line_health WHERE line_id IN (?, ?)",
                sick.value(), well.value()) == 2);
        db.exec("UPDATE line_health SET status = 'unhealthy', reason = 'x', checked_at = now() WHERE line_id = ?", sick.value());

        for (int i = 0; i < 4; i++) {
            Response r = api.post("/api/messages", """
                    {"message": "Hi", "messageType": "sms", "recipientPhone": "+1202555%04d"}""".formatted(800 + i),
                    "Authorization", key);
            assertThat(r.json().at("/message/fromLineId").asText()).as("new recipient %d", i).isEqualTo(well.value());
        }
        Response again = api.post("/api/messages", """
                {"message": "Hi again", "messageType": "sms", "recipientPhone": "+12025550777"}""", "Authorization", key);
        assertThat(again.json().at("/message/fromLineId").asText()).as("the conversation's line is unhealthy").isEqualTo(well.value());

        Response named = api.post("/api/messages", """
                {"message": "Hi", "messageType": "sms", "fromLineId": "%s", "recipientPhone": "+12025550999"}""".formatted(sick.value()),
                "Authorization", key);
        assertThat(named.status()).isEqualTo(201);
        assertThat(named.json().at("/message/fromLineId").asText()).isEqualTo(sick.value());
    }

}
