package ai.tuco.bootstrap.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.delivery.sandbox.SandboxProvider;
import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.dispatch.DispatchSettings;
import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.bootstrap.Config;
import ai.tuco.bootstrap.OpenApiContract;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.bootstrap.TestWorkspaces;
import ai.tuco.bootstrap.Tuco;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** A running service on a test database with a hand-moved clock, and the few calls dispatch tests need. */
final class DispatchHarness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicInteger SEQ = new AtomicInteger(100);

    final PostgresExtension db;
    final java.time.Clock clock;
    final Tuco tuco;
    final String base;
    private final TestWorkspaces workspaces;

    DispatchHarness(PostgresExtension db, java.time.Clock clock, DispatchSettings settings, String... env) {
        this.db = db;
        this.clock = clock;
        Map<String, String> e = new HashMap<>();
        e.put("TUCO_DATABASE_URL", db.jdbcUrl());
        db.user().ifPresent(u -> e.put("TUCO_DATABASE_USER", u));
        db.password().ifPresent(p -> e.put("TUCO_DATABASE_PASSWORD", p));
        e.put("TUCO_SECRET_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        e.put("TUCO_PORT", "0");
        e.put("TUCO_DATABASE_POOL_SIZE", "8");
        e.put("TUCO_DEMO", "false");
        e.put("TUCO_DISPATCH_ENABLED", "false");
        for (int i = 0; i < env.length; i += 2) {
            e.put(env[i], env[i + 1]);
        }
        tuco = Tuco.open(Config.from(e), clock, settings);
        base = "http://localhost:" + tuco.startHttp().port();
        workspaces = new TestWorkspaces(tuco, Actor.cli());
    }

    /**
     * Short leases and backoffs, no jitter-sensitive waits, and claims of a fixed size (10 a line, whatever its speed):
     * what most dispatch tests want.
     */
    static DispatchSettings testSettings() {
        return DispatchSettings.defaults(5)
                .withBatch(50, 10)
                .withLease(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(2))
                .withBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 5)
                .withSandbox(Duration.ofSeconds(1), Duration.ofSeconds(12));
    }

    DispatchDueMessagesUseCase dispatch() {
        return tuco.get(DispatchDueMessagesUseCase.class);
    }

    /** Dispatches (as one dispatcher) until a round claims nothing. @return messages claimed */
    int dispatchAll(String owner) {
        int total = 0;
        for (int n = dispatch().dispatchOnce(owner); n > 0; n = dispatch().dispatchOnce(owner)) {
            total += n;
        }
        return total;
    }

    int pumpSandbox() {
        return tuco.get(ai.tuco.bootstrap.ProviderPolls.class).drain(SandboxProvider.NAME);
    }

    TestWorkspace workspace() {
        return workspaces.create().build();
    }

    LineId line(TestWorkspace ws, Channel channel) {
        return workspaces.line(ws.id(), TestWorkspaces.freshAddress(channel), "line", Set.of(channel));
    }

    LeadId lead(TestWorkspace ws, String firstName, String phone, String email, List<String> altPhones, List<String> altEmails,
            Map<String, String> custom) {
        LeadId id = new LeadId(String.format("%024x", 0xabc000000L + SEQ.incrementAndGet()));
        tuco.get(LeadRepository.class).insert(new Lead(id, ws.id(), firstName, "Doe",
                Optional.ofNullable(phone).map(E164Phone::new), Optional.ofNullable(email).map(EmailAddress::parse),
                altPhones.stream().map(E164Phone::new).toList(), altEmails.stream().map(EmailAddress::parse).toList(),
                "Acme Inc", "CTO", "", custom, Optional.empty(), "test", clock.instant(), clock.instant()));
        return id;
    }

    LeadId lead(TestWorkspace ws, String firstName, String phone) {
        return lead(ws, firstName, phone, null, List.of(), List.of(), Map.of());
    }

    /** POST /api/messages; @return the message id (asserting 201) */
    String send(TestWorkspace ws, Map<String, Object> body) {
        Response r = post(ws, "/api/messages", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().at("/message/_id").asText();
    }

    String send(TestWorkspace ws, LineId line, Channel channel, LeadId lead, String text) {
        return send(ws, Map.of("message", text, "messageType", channel.wireName(), "fromLineId", line.value(),
                "leadId", lead.value()));
    }

    JsonNode message(TestWorkspace ws, String id) {
        Response r = get(ws, "/api/messages/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("message");
    }

    String status(TestWorkspace ws, String id) {
        return message(ws, id).get("status").asText();
    }

    List<JsonNode> events(TestWorkspace ws, String id) {
        List<JsonNode> out = new ArrayList<>();
        get(ws, "/api/messages/" + id + "/events").json().get("events").forEach(out::add);
        return out;
    }

    long sql(String query, Object... args) {
        return db.count(query, args);
    }

    void exec(String statement, Object... args) {
        db.exec(statement, args);
    }

    long ledger(String messageId, String outcome) {
        return sql("SELECT count(*) FROM sandbox_sends WHERE message_id = ? AND outcome = ?", messageId, outcome);
    }

    record Response(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    Response get(TestWorkspace ws, String path) {
        return call(HttpRequest.newBuilder(URI.create(base + path)).GET(), ws);
    }

    Response post(TestWorkspace ws, String path, Object body) {
        try {
            ObjectNode node = JSON.valueToTree(body);
            return call(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(node))), ws);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    Response patch(TestWorkspace ws, String path, Object body) {
        try {
            return call(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), ws);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Response call(HttpRequest.Builder b, TestWorkspace ws) {
        try {
            HttpRequest request = b.header("Authorization", "Bearer " + ws.adminKey()).timeout(Duration.ofSeconds(30)).build();
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            // every message the dispatch paths produce, in every status, is held to the OpenAPI document
            OpenApiContract.check(request.method(), request.uri().getRawPath(), r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse(null), r.body());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        tuco.close();
    }
}
