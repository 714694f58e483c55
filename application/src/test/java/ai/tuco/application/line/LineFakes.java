package ai.tuco.application.line;

import ai.tuco.application.line.port.in.LineInput;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.ChangeNotices;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.workspace.port.out.UserRepository;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** Small hand-written fakes of the line capability's outbound ports, shared by its application tests. */
public final class LineFakes {
    private LineFakes() {}

    public static Workspace workspace(String id, WorkspaceStatus status) {
        return new Workspace(new WorkspaceId(id), "Test " + id, status, "US", Optional.empty(), Instant.parse("2026-01-01T00:00:00Z"));
    }

    public static Caller admin(Workspace ws) {
        return new Caller(ws, Role.ADMIN, Optional.empty(), Optional.empty());
    }

    public static Caller member(Workspace ws, Optional<UserId> user) {
        return new Caller(ws, Role.MEMBER, Optional.empty(), user);
    }

    private static final Set<String> NUMBERS = Set.of(
            "pacingSeconds", "dailyNewConversationsLimit", "dailyTotalMessagesLimit", "hourlyNewConversationsLimit");

    /** Line fields as a client would send them, by wire name: {@code input("provider", "sandbox", "pacingSeconds", 5)}. */
    @SuppressWarnings("unchecked")
    public static LineInput input(Object... keyValues) {
        Map<String, Object> f = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            f.put((String) keyValues[i], keyValues[i + 1]);
        }
        Map<String, Long> numbers = new HashMap<>();
        f.forEach((k, v) -> {
            if (NUMBERS.contains(k)) {
                numbers.put(k, ((Number) v).longValue());
            }
        });
        return new LineInput(text(f, "name"), text(f, "phone"), text(f, "email"), text(f, "firstName"), text(f, "lastName"),
                Optional.ofNullable((Boolean) f.get("isActive")), Optional.ofNullable((List<String>) f.get("channels")),
                text(f, "provider"), Optional.ofNullable((Map<String, Object>) f.get("providerConfig")), text(f, "ownerUserId"),
                numbers);
    }

    private static Optional<String> text(Map<String, Object> f, String key) {
        return Optional.ofNullable((String) f.get(key));
    }

    /** Lines in memory, with the configuration each write was handed (never returned through the port). */
    public static final class Lines implements LineRepository {
        public final Map<LineId, Line> rows = new LinkedHashMap<>();
        public final Map<LineId, Map<String, String>> configs = new HashMap<>();
        public final List<Optional<Map<String, String>>> updates = new ArrayList<>();
        public final Map<WorkspaceId, Map<LineId, Usage>> usage = new HashMap<>();
        public LocalDate usageDay;

        @Override
        public void insert(Line line, Map<String, String> providerConfig) {
            rows.put(line.id(), line);
            configs.put(line.id(), Map.copyOf(providerConfig));
        }

        @Override
        public void update(Line line, Optional<Map<String, String>> providerConfig) {
            rows.put(line.id(), line);
            updates.add(providerConfig);
            providerConfig.ifPresent(c -> configs.put(line.id(), Map.copyOf(c)));
        }

        @Override
        public Optional<Line> findById(WorkspaceId workspaceId, LineId id) {
            return Optional.ofNullable(rows.get(id)).filter(l -> l.workspaceId().equals(workspaceId));
        }

        @Override
        public List<Line> listByWorkspace(WorkspaceId workspaceId) {
            return rows.values().stream().filter(l -> l.workspaceId().equals(workspaceId)).toList();
        }

        @Override
        public List<Line> listByOwner(WorkspaceId workspaceId, UserId owner) {
            return listByWorkspace(workspaceId).stream().filter(l -> l.ownerUserId().equals(Optional.of(owner))).toList();
        }

        @Override
        public Optional<Line> assignNext(WorkspaceId workspaceId, Channel channel, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean anyActive(WorkspaceId workspaceId, Channel channel) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<LineId, Usage> dailyUsage(WorkspaceId workspaceId, LocalDate day) {
            usageDay = day;
            return usage.getOrDefault(workspaceId, Map.of());
        }
    }

    public static final class Users implements UserRepository {
        public final Set<UserId> known = new HashSet<>();
        private final WorkspaceId of;

        public Users(WorkspaceId of) {
            this.of = of;
        }

        @Override
        public boolean exists(WorkspaceId workspaceId, UserId id) {
            return workspaceId.equals(of) && known.contains(id);
        }

        @Override
        public UserId upsert(WorkspaceId workspaceId, String externalId, Role role, String newId, Instant at) {
            throw new UnsupportedOperationException();
        }
    }

    /** Accepts {@code +} and 7–15 digits, or ten digits in region US; punctuation and spaces are ignored. */
    public static final class Phones implements PhoneNormalizer {
        @Override
        public Optional<E164Phone> normalize(String raw, String defaultRegion) {
            String digits = raw.replaceAll("[\\s().-]", "");
            if (digits.startsWith("+")) {
                return E164Phone.isValid(digits) ? Optional.of(new E164Phone(digits)) : Optional.empty();
            }
            return defaultRegion.equals("US") && digits.matches("[2-9][0-9]{9}") ? Optional.of(new E164Phone("+1" + digits)) : Optional.empty();
        }

        @Override
        public Optional<String> regionOfCallingCode(String callingCode) {
            return Optional.empty();
        }
    }

    public static final class Audit implements AuditLog {
        public final List<Entry> entries = new ArrayList<>();

        @Override
        public void append(Entry entry) {
            entries.add(entry);
        }
    }

    /** Runs work at once and counts the transactions. */
    public static final class Tx implements TransactionRunner {
        public int count;

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            count++;
            return work.get();
        }
    }

    public static final class Ids implements IdGenerator {
        private int next;

        @Override
        public String newId() {
            return String.format("%024x", 0xa1000L + ++next);
        }
    }

    public static final class Notices implements ChangeNotices {
        public int announced;

        @Override
        public void announce() {
            announced++;
        }
    }
}
