package ai.tuco.bootstrap.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.workspace.port.in.CreateWorkspaceUseCase;
import ai.tuco.application.workspace.port.in.SetWorkspaceStatusUseCase;
import ai.tuco.bootstrap.Config;
import ai.tuco.bootstrap.TestConfigs;
import ai.tuco.bootstrap.TestHttp;
import ai.tuco.bootstrap.TestLines;
import ai.tuco.bootstrap.Tuco;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.WorkspaceStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes on one database, each caching API keys and lines for a minute (TUCO_READ_CACHE_MILLIS=60000, so expiry
 * cannot explain anything here): a revocation, a workspace status change or a line update made through one node
 * reaches the other's cache through {@code NOTIFY tuco_changes} (ADR 8), within moments rather than the minute.
 */
class ReadCacheAcrossNodesTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static Tuco a;
    static Tuco b;
    static TestHttp httpA;
    static TestHttp httpB;
    static final AtomicInteger phones = new AtomicInteger();

    @BeforeAll
    static void start() {
        var env = TestConfigs.env(db, "TUCO_DISPATCH_ENABLED", "false", "TUCO_READ_CACHE_MILLIS", "60000");
        a = Tuco.open(Config.from(env), Clock.systemUTC());
        b = Tuco.open(Config.from(env), Clock.systemUTC());
        httpA = new TestHttp(a.startHttp().port());
        httpB = new TestHttp(b.startHttp().port());
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    record Ws(WorkspaceId id, String key) {}

    private static Ws workspace(String name) {
        var created = a.get(CreateWorkspaceUseCase.class)
                .create(new CreateWorkspaceUseCase.CreateWorkspaceCommand(name, "US", Optional.empty(), Actor.cli()));
        return new Ws(created.workspaceId(), created.apiKey());
    }

    private static String auth(Ws ws) {
        return "Bearer " + ws.key();
    }

    private static TestHttp.Response send(TestHttp http, Ws ws, String line) {
        String body = "{\"message\": \"Hi\", \"fromLineId\": \"" + line + "\", \"recipientPhone\": \"+1312555"
                + (7000 + phones.incrementAndGet()) + "\"}";
        return http.post("/api/messages", body, "Authorization", auth(ws));
    }

    private static void awaitOnB(java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(condition);
    }

    @Test
    void aKeyRevokedThroughOneNode_stopsWorkingOnTheOther() {
        Ws ws = workspace("Revoke");
        JsonNode issued = httpA.post("/api/api-keys", "{\"name\": \"short-lived\", \"role\": \"admin\"}", "Authorization", auth(ws)).json();
        String key = issued.path("key").asText();
        String id = issued.at("/apiKey/_id").asText();
        assertThat(httpB.get("/api/messages", "Authorization", "Bearer " + key).status()).isEqualTo(200); // B caches it

        var revoked = httpA.request("DELETE", "/api/api-keys/" + id, HttpRequest.BodyPublishers.noBody(), null, "Authorization", auth(ws));
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(httpA.get("/api/messages", "Authorization", "Bearer " + key).status()).isEqualTo(401);
        awaitOnB(() -> httpB.get("/api/messages", "Authorization", "Bearer " + key).status() == 401);
    }

    @Test
    void aWorkspaceMadeReadOnlyThroughOneNode_refusesWritesOnTheOther() {
        Ws ws = workspace("Status");
        assertThat(httpB.get("/api/messages", "Authorization", auth(ws)).status()).isEqualTo(200); // B caches the key
        assertThat(a.get(SetWorkspaceStatusUseCase.class).setStatus(ws.id(), WorkspaceStatus.READ_ONLY, Actor.cli())).isTrue();
        awaitOnB(() -> httpB.post("/api/messages", "{}", "Authorization", auth(ws)).status() == 402);
    }

    @Test
    void aLineDeactivatedThroughOneNode_isRefusedByTheOther() {
        Ws ws = workspace("Lines");
        String line = TestLines.sandbox(a, ws.id(), "+13125557001", "line", Actor.cli(), Channel.IMESSAGE).value();
        assertThat(send(httpB, ws, line).status()).isEqualTo(201); // B caches the line

        var patched = httpA.request("PATCH", "/api/lines/" + line, HttpRequest.BodyPublishers.ofString("{\"isActive\": false}"),
                "application/json", "Authorization", auth(ws));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        awaitOnB(() -> send(httpB, ws, line).status() == 400);
        assertThat(send(httpB, ws, line).json().at("/details/0/field").asText()).isEqualTo("fromLineId");
    }
}
