package ai.tuco.adapters.persistence.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.provider.JdbiLineHealth;
import ai.tuco.adapters.persistence.shared.SecretBox;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineCaps;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.WorkspaceId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Opening lines' sealed provider configuration on real PostgreSQL: values, callback URL and token, the cache. */
class JdbiLineContextsTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_KEY = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07.089Z");

    private final SecretBox box = new SecretBox(KEY);
    private final JdbiLineRepository repo = new JdbiLineRepository(db.jdbi(), box);
    private final JdbiLineContexts contexts = new JdbiLineContexts(db.jdbi(), box, "https://tuco.example.com/");

    private static Line line(String provider) {
        int n = SEQ.incrementAndGet();
        WorkspaceId ws = new WorkspaceId(String.format("%024x", 0xc0c0000L + n));
        db.exec("INSERT INTO workspaces (id, name, created_at, updated_at) VALUES (?, 'contexts', now(), now())", ws.value());
        return new Line(new LineId(String.format("%024x", 0xc1c0000L + n)), ws, "line", Optional.of(new E164Phone("+1312555" + String.format("%04d", n))),
                Optional.empty(), "", "", true, Set.of(Channel.SMS), new Provider(provider), Optional.empty(), 0, LineCaps.DEFAULTS, T0, T0);
    }

    @Test
    void open_givesTheConfigurationTheCallbackBaseAndADerivedToken_andNeverPrintsTheValues() throws Exception {
        Line l = line("twilio");
        repo.insert(l, Map.of("accountSid", "AC1", "authToken", "s3cr3t-token"));

        LineContext c = contexts.open(l);

        assertThat(c.config()).isEqualTo(Map.of("accountSid", "AC1", "authToken", "s3cr3t-token"));
        assertThat(c.callbackBase()).hasToString("https://tuco.example.com/hooks/twilio/" + l.id().value());
        // base64url(HMAC-SHA256(HMAC-SHA256(key, "tuco/callback-token"), lineId)), computed here on its own
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        byte[] derived = mac.doFinal("tuco/callback-token".getBytes(StandardCharsets.UTF_8));
        mac.init(new SecretKeySpec(derived, "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(l.id().value().getBytes(StandardCharsets.UTF_8)));
        assertThat(c.callbackToken()).isEqualTo(expected).matches("[A-Za-z0-9_-]{43}");
        assertThat(c.toString()).doesNotContain("s3cr3t-token").doesNotContain("AC1").doesNotContain(c.callbackToken());
    }

    @Test
    void theToken_isTheSameOnEveryNode_differsPerLine_andPerKey() {
        Line a = line("sandbox");
        Line b = line("sandbox");
        repo.insert(a, Map.of());
        repo.insert(b, Map.of());
        String token = contexts.open(a).callbackToken();

        assertThat(new JdbiLineContexts(db.jdbi(), new SecretBox(OTHER_KEY, KEY), "https://x.example").open(a).callbackToken())
                .as("another node, rotated key: the key that sealed the line's config still names the token").isEqualTo(token);
        assertThat(contexts.open(b).callbackToken()).isNotEqualTo(token);
        Line c = line("sandbox");
        new JdbiLineRepository(db.jdbi(), new SecretBox(OTHER_KEY)).insert(c, Map.of());
        assertThat(new JdbiLineContexts(db.jdbi(), new SecretBox(OTHER_KEY), "https://x.example").open(c).callbackToken())
                .isNotEqualTo(box.token(null, JdbiLineContexts.TOKEN_PURPOSE, c.id().value()))
                .isEqualTo(new SecretBox(OTHER_KEY).token(null, JdbiLineContexts.TOKEN_PURPOSE, c.id().value()));
    }

    @Test
    void aChangedLine_isReopened_andClearForgetsWhatWasOpened() {
        Line l = line("bluebubbles");
        repo.insert(l, Map.of("serverUrl", "https://bb.example.com", "password", "old"));
        assertThat(contexts.open(l).config()).containsEntry("password", "old");

        // a change behind the cache's back that keeps updated_at: the cache still answers...
        db.exec("UPDATE lines SET provider_config = ?, provider_config_key_id = ? WHERE id = ?",
                box.seal("{\"serverUrl\":\"https://bb.example.com\",\"password\":\"new\"}").bytes(), box.seal("x").keyId(), l.id().value());
        assertThat(contexts.open(l).config()).containsEntry("password", "old");
        // ...until the change notices empty it
        contexts.clear();
        assertThat(contexts.open(l).config()).containsEntry("password", "new");

        // a line updated through the repository moves updated_at: the newer line meets the newer configuration at once
        Line changed = new Line(l.id(), l.workspaceId(), "renamed", l.phone(), l.email(), "", "", true, l.channels(), l.provider(),
                Optional.empty(), 0, l.caps(), l.createdAt(), T0.plusSeconds(60));
        repo.update(changed, Optional.of(Map.of("serverUrl", "https://bb.example.com", "password", "newest")));
        assertThat(contexts.open(changed).config()).containsEntry("password", "newest");
    }

    @Test
    void openById_findsTheLineInAnyWorkspace_andNothingForAnUnknownId() {
        Line l = line("my-plugin-2");
        repo.insert(l, Map.of("apiKey", "k"));

        assertThat(contexts.open(l.id())).hasValueSatisfying(c -> {
            assertThat(c.line()).isEqualTo(l);
            assertThat(c.line().provider().name()).isEqualTo("my-plugin-2");
            assertThat(c.config()).containsEntry("apiKey", "k");
        });
        assertThat(contexts.open(new LineId("ffffffffffffffffffffffff"))).isEmpty();
    }

    @Test
    void theDatabase_takesAnyWellFormedProviderName_andNoOther() {
        Line l = line("sandbox");
        repo.insert(l, Map.of());
        assertThatThrownBy(() -> db.exec("UPDATE lines SET provider = 'Not A Name' WHERE id = ?", l.id().value()))
                .hasMessageContaining("lines_provider_name");
        db.exec("UPDATE lines SET provider = 'acme-sms' WHERE id = ?", l.id().value());
        assertThat(repo.findById(l.workspaceId(), l.id()).orElseThrow().provider()).isEqualTo(new Provider("acme-sms"));
    }

    @Test
    void newCredentials_liftAHoldPutOnTheLinesSends() {
        Line l = line("twilio");
        repo.insert(l, Map.of("authToken", "refused"));
        new JdbiLineHealth(db.jdbi()).markUnhealthy(l.id(), "refused", T0);
        repo.update(l, Optional.empty());
        assertThat(db.row("SELECT sending_held FROM line_health WHERE line_id = ?", l.id().value())).containsEntry("sending_held", true);

        repo.update(l, Optional.of(Map.of("authToken", "fixed")));

        assertThat(db.row("SELECT status, sending_held FROM line_health WHERE line_id = ?", l.id().value()))
                .containsEntry("status", "unknown").containsEntry("sending_held", false);
    }
}
