package ai.tuco.adapters.persistence.line;

import ai.tuco.adapters.persistence.shared.Json;
import ai.tuco.adapters.persistence.shared.Rows;
import ai.tuco.adapters.persistence.shared.SecretBox;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineCaps;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/** Lines in PostgreSQL; provider credentials sealed with {@link SecretBox} and never read back by this port. */
public final class JdbiLineRepository implements LineRepository {
    static final String COLUMNS = """
            id, workspace_id, name, phone, email, first_name, last_name, is_active, channels, provider, owner_user_id,
            pacing_seconds, daily_new_conversations_limit, daily_total_messages_limit, hourly_new_conversations_limit,
            created_at, updated_at""";

    private final Jdbi jdbi;
    private final SecretBox secrets;

    public JdbiLineRepository(Jdbi jdbi, SecretBox secrets) {
        this.jdbi = jdbi;
        this.secrets = secrets;
    }

    @Override
    public void insert(Line l, Map<String, String> providerConfig) {
        SecretBox.Sealed sealed = secrets.seal(Json.write(providerConfig));
        jdbi.useHandle(h -> bindLine(h.createUpdate("""
                        INSERT INTO lines (id, workspace_id, name, phone, email, first_name, last_name, is_active, channels,
                                           provider, provider_config, provider_config_key_id, owner_user_id, pacing_seconds,
                                           daily_new_conversations_limit, daily_total_messages_limit,
                                           hourly_new_conversations_limit, created_at, updated_at)
                        VALUES (:id, :workspaceId, :name, :phone, :email, :firstName, :lastName, :active, :channels,
                                :provider, :config, :keyId, :owner, :pacing, :dailyNew, :dailyTotal, :hourlyNew,
                                :createdAt, :updatedAt)"""), l)
                .bind("config", sealed.bytes())
                .bind("keyId", sealed.keyId())
                .bind("createdAt", l.createdAt())
                .execute());
    }

    /** The line's own columns, shared by insert and update (credentials are bound by each). */
    private static Update bindLine(Update u, Line l) {
        return u.bind("id", l.id().value())
                .bind("workspaceId", l.workspaceId().value())
                .bind("name", l.name())
                .bind("phone", l.phone().map(E164Phone::value).orElse(null))
                .bind("email", l.email().map(EmailAddress::value).orElse(null))
                .bind("firstName", l.firstName())
                .bind("lastName", l.lastName())
                .bind("active", l.active())
                .bind("channels", l.channels().stream().map(Channel::wireName).sorted().toArray(String[]::new))
                .bind("provider", l.provider().wireName())
                .bind("owner", l.ownerUserId().map(UserId::value).orElse(null))
                .bind("pacing", l.pacingSeconds())
                .bind("dailyNew", l.caps().dailyNewConversations())
                .bind("dailyTotal", l.caps().dailyTotalMessages())
                .bind("hourlyNew", l.caps().hourlyNewConversations())
                .bind("updatedAt", l.updatedAt());
    }

    @Override
    public void update(Line l, Optional<Map<String, String>> providerConfig) {
        Optional<SecretBox.Sealed> sealed = providerConfig.map(c -> secrets.seal(Json.write(c)));
        jdbi.useHandle(h -> bindLine(h.createUpdate("""
                        UPDATE lines SET name = :name, phone = :phone, email = :email, first_name = :firstName,
                            last_name = :lastName, is_active = :active, channels = :channels, provider = :provider,
                            provider_config = CASE WHEN :newConfig THEN :config ELSE provider_config END,
                            provider_config_key_id = CASE WHEN :newConfig THEN :keyId ELSE provider_config_key_id END,
                            owner_user_id = :owner, pacing_seconds = :pacing, daily_new_conversations_limit = :dailyNew,
                            daily_total_messages_limit = :dailyTotal, hourly_new_conversations_limit = :hourlyNew,
                            updated_at = :updatedAt, version = version + 1
                        WHERE id = :id AND workspace_id = :workspaceId"""), l)
                .bind("newConfig", sealed.isPresent())
                .bind("config", sealed.map(SecretBox.Sealed::bytes).orElse(null))
                .bind("keyId", sealed.map(SecretBox.Sealed::keyId).orElse(null))
                .execute());
        if (sealed.isPresent()) {
            // new credentials: a hold put on the line's sends by refused credentials is lifted
            jdbi.useHandle(h -> h.createUpdate("""
                            UPDATE line_health SET status = 'unknown', sending_held = false, reason = NULL
                            WHERE line_id = :id AND sending_held""")
                    .bind("id", l.id().value())
                    .execute());
        }
    }

    @Override
    public Optional<Line> findById(WorkspaceId workspaceId, LineId id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM lines WHERE id = :id AND workspace_id = :w")
                .bind("id", id.value())
                .bind("w", workspaceId.value())
                .map(JdbiLineRepository::map)
                .findOne());
    }

    @Override
    public List<Line> listByWorkspace(WorkspaceId workspaceId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM lines WHERE workspace_id = :w ORDER BY created_at, id")
                .bind("w", workspaceId.value())
                .map(JdbiLineRepository::map)
                .list());
    }

    @Override
    public List<Line> listByOwner(WorkspaceId workspaceId, UserId owner) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM lines WHERE workspace_id = :w AND owner_user_id = :owner ORDER BY created_at, id")
                .bind("w", workspaceId.value())
                .bind("owner", owner.value())
                .map(JdbiLineRepository::map)
                .list());
    }

    @Override
    public Optional<Line> assignNext(WorkspaceId workspaceId, Channel channel, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("""
                        UPDATE lines SET last_assigned_at = :now
                        WHERE id = (SELECT l.id FROM lines l LEFT JOIN line_health h ON h.line_id = l.id
                                    WHERE l.workspace_id = :w AND l.is_active AND l.channels @> ARRAY[CAST(:channel AS text)]
                                    ORDER BY (h.status IS NOT DISTINCT FROM 'unhealthy'), l.last_assigned_at, l.id
                                    LIMIT 1 FOR UPDATE OF l SKIP LOCKED)
                        """ + " RETURNING " + COLUMNS)
                .bind("w", workspaceId.value())
                .bind("channel", channel.wireName())
                .bind("now", now)
                .map(JdbiLineRepository::map)
                .findOne());
    }

    @Override
    public Set<LineId> unhealthy(Collection<LineId> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT line_id FROM line_health WHERE line_id = ANY(CAST(:ids AS bpchar[])) AND status = 'unhealthy'")
                .bind("ids", ids.stream().map(LineId::value).toArray(String[]::new))
                .mapTo(String.class)
                .stream().map(LineId::new).collect(Collectors.toSet()));
    }

    @Override
    public boolean anyActive(WorkspaceId workspaceId, Channel channel) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT EXISTS (SELECT 1 FROM lines
                                       WHERE workspace_id = :w AND is_active AND channels @> ARRAY[CAST(:channel AS text)])""")
                .bind("w", workspaceId.value())
                .bind("channel", channel.wireName())
                .mapTo(Boolean.class)
                .one());
    }

    @Override
    public Map<LineId, Usage> dailyUsage(WorkspaceId workspaceId, LocalDate day) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT line_id, new_conversations, total_messages FROM line_usage
                        WHERE workspace_id = :w AND period = 'day' AND period_start = :start""")
                .bind("w", workspaceId.value())
                .bind("start", day.atStartOfDay(ZoneOffset.UTC).toInstant())
                .reduceRows(new HashMap<LineId, Usage>(), (map, row) -> {
                    map.put(new LineId(row.getColumn("line_id", String.class)),
                            new Usage(row.getColumn("new_conversations", Integer.class), row.getColumn("total_messages", Integer.class)));
                    return map;
                }));
    }

    static Line map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Line(
                new LineId(rs.getString("id")),
                new WorkspaceId(rs.getString("workspace_id")),
                rs.getString("name"),
                Rows.optString(rs, "phone").map(E164Phone::new),
                Rows.optString(rs, "email").map(EmailAddress::new),
                rs.getString("first_name"),
                rs.getString("last_name"),
                rs.getBoolean("is_active"),
                Rows.strings(rs, "channels").stream()
                        .map(c -> Channel.fromWire(c).orElseThrow())
                        .collect(Collectors.toSet()),
                new Provider(rs.getString("provider")),
                Rows.optString(rs, "owner_user_id").map(UserId::new),
                rs.getInt("pacing_seconds"),
                new LineCaps(
                        rs.getInt("daily_new_conversations_limit"),
                        rs.getInt("daily_total_messages_limit"),
                        rs.getInt("hourly_new_conversations_limit")),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
