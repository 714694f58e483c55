package ai.tuco.adapters.persistence.line;

import ai.tuco.adapters.persistence.shared.SecretBox;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.LineContexts;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.LineId;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * Opens a line's sealed {@code providerConfig} with the {@link SecretBox} that sealed it. What it opened is kept per
 * node, keyed by line and the row's {@code updated_at} (every change of a line moves it, so a line loaded after a
 * change never meets the old configuration) and emptied by {@link #clear()}, which the change notices call
 * ({@code NOTIFY tuco_changes}, ADR 8). The values never leave the {@link LineContext} handed to the provider.
 *
 * <p>The callback token is derived, not stored: base64url HMAC-SHA256 of the line id under a key derived from the key
 * that sealed the line's configuration (ADR 16), so it survives restarts and is the same on every node, and changes
 * only when the configuration is sealed again under a new key.
 */
public final class JdbiLineContexts implements LineContexts {
    static final String TOKEN_PURPOSE = "callback-token";
    private static final int MAX_ENTRIES = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Opened(Instant version, Map<String, String> config, String token) {}

    private record Row(Instant version, byte[] sealed, String keyId) {}

    private final Jdbi jdbi;
    private final SecretBox secrets;
    private final String publicUrl;
    private final ConcurrentHashMap<String, Opened> cache = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    /** @param publicUrl {@code TUCO_PUBLIC_URL}, where providers reach {@code /hooks/...} */
    public JdbiLineContexts(Jdbi jdbi, SecretBox secrets, String publicUrl) {
        this.jdbi = jdbi;
        this.secrets = secrets;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    @Override
    public LineContext open(Line line) {
        Opened opened = cache.get(line.id().value());
        if (opened == null || !opened.version().equals(line.updatedAt())) {
            opened = load(line.id()).orElseThrow(() -> new IllegalStateException("line " + line.id().value() + " has no row"));
        }
        return context(line, opened);
    }

    @Override
    public Optional<LineContext> open(LineId lineId) {
        Optional<Line> line = jdbi.withHandle(h -> h.createQuery("SELECT " + JdbiLineRepository.COLUMNS + " FROM lines WHERE id = :id")
                .bind("id", lineId.value())
                .map(JdbiLineRepository::map)
                .findOne());
        return line.map(this::open);
    }

    /** Forgets every opened configuration (a line changed here or on another node). */
    public void clear() {
        generation.incrementAndGet();
        cache.clear();
    }

    private LineContext context(Line line, Opened opened) {
        URI base = URI.create(publicUrl + "/hooks/" + line.provider().name() + "/" + line.id().value());
        return new LineContext(line, opened.config(), base, opened.token());
    }

    private Optional<Opened> load(LineId id) {
        long before = generation.get();
        Optional<Row> row = jdbi.withHandle(h -> h.createQuery(
                        "SELECT updated_at, provider_config, provider_config_key_id FROM lines WHERE id = :id")
                .bind("id", id.value())
                .map((rs, ctx) -> new Row(rs.getTimestamp("updated_at").toInstant(), rs.getBytes("provider_config"),
                        rs.getString("provider_config_key_id")))
                .findOne());
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Row r = row.get();
        Map<String, String> config = r.sealed() == null ? Map.of() : parse(secrets.open(new SecretBox.Sealed(r.keyId(), r.sealed())));
        Opened opened = new Opened(r.version(), config, secrets.token(r.keyId(), TOKEN_PURPOSE, id.value()));
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(id.value(), opened);
        if (generation.get() != before) {
            cache.remove(id.value()); // cleared while loading: what was read may predate the change
        }
        return Optional.of(opened);
    }

    /** The configuration's JSON object; an error never carries the plaintext. */
    private static Map<String, String> parse(String json) {
        try {
            return Map.copyOf(JSON.readValue(json, new TypeReference<Map<String, String>>() {}));
        } catch (IOException e) {
            throw new IllegalStateException("the line's providerConfig is not a JSON object of strings");
        }
    }
}
