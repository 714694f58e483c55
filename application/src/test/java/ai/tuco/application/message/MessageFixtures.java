package ai.tuco.application.message;

import ai.tuco.application.message.port.out.AcceptedKeys;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineCaps;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.message.Accepted;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.NewMessage;
import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Builders for workspaces, callers, lines, leads and messages, and the small fakes the message services need. */
final class MessageFixtures {
    static final Instant T0 = Instant.parse("2026-11-28T09:00:00Z");

    private MessageFixtures() {}

    /** 24-hex ids 000…001, 000…002, … in order. */
    static final class SequentialIds implements IdGenerator {
        private final AtomicInteger next;

        SequentialIds(int first) {
            next = new AtomicInteger(first);
        }

        @Override
        public String newId() {
            return hex(next.getAndIncrement());
        }
    }

    static String hex(int n) {
        return String.format("%024x", n);
    }

    /** Runs the work directly: every fake is consistent at all times. */
    static final class DirectTransactions implements TransactionRunner {
        int count;

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            count++;
            return work.get();
        }
    }

    static final class RecordingAudit implements AuditLog {
        final List<Entry> entries = new ArrayList<>();

        @Override
        public void append(Entry entry) {
            entries.add(entry);
        }
    }

    /** Accepts "+" followed by 8 to 15 digits, and nothing else. */
    static final class PlusDigitsPhones implements PhoneNormalizer {
        @Override
        public Optional<E164Phone> normalize(String raw, String defaultRegion) {
            return raw.matches("\\+[1-9][0-9]{7,14}") ? Optional.of(new E164Phone(raw)) : Optional.empty();
        }

        @Override
        public Optional<String> regionOfCallingCode(String callingCode) {
            return Optional.empty();
        }
    }

    static final class InMemoryAcceptedKeys implements AcceptedKeys {
        final Map<String, MessageId> byKey = new HashMap<>();

        @Override
        public Optional<MessageId> find(WorkspaceId workspaceId, String key) {
            return Optional.ofNullable(byKey.get(workspaceId.value() + "/" + key));
        }

        @Override
        public void remember(WorkspaceId workspaceId, String key, MessageId messageId, Instant at) {
            byKey.put(workspaceId.value() + "/" + key, messageId);
        }
    }

    static Workspace workspace(int n, WorkspaceStatus status) {
        return new Workspace(new WorkspaceId(hex(0xAA0000 + n)), "Workspace " + n, status, "US", Optional.empty(), T0);
    }

    static Caller caller(Workspace workspace) {
        return new Caller(workspace, Role.MEMBER, Optional.of(new ApiKeyId(hex(0xBB0000))), Optional.empty());
    }

    static Line line(Workspace ws, int n, Channel... channels) {
        return new Line(new LineId(hex(0xCC0000 + n)), ws.id(), "Line " + n,
                Optional.of(new E164Phone("+1202555" + String.format("%04d", n))), Optional.empty(), "", "", true,
                Set.of(channels), Provider.SANDBOX, Optional.empty(), 0, LineCaps.DEFAULTS, T0, T0);
    }

    static Lead lead(Workspace ws, int n, String phone) {
        return new Lead(new LeadId(hex(0xDD0000 + n)), ws.id(), "Lead", String.valueOf(n), Optional.of(new E164Phone(phone)),
                Optional.empty(), List.of(), List.of(), "", "", "", Map.of(), Optional.empty(), "test", T0, T0);
    }

    /** A queued iMessage (or a scheduled one, with {@code scheduledDate}) created at {@code createdAt}. */
    static Message message(Workspace ws, int n, Line line, Instant createdAt, Optional<String> batchId) {
        return accepted(ws, n, line, createdAt, batchId).message();
    }

    /** The same message with its first event. */
    static Accepted accepted(Workspace ws, int n, Line line, Instant createdAt, Optional<String> batchId) {
        return Message.accept(new NewMessage(new MessageId(hex(0xEE0000 + n)), ws.id(), "Hi " + n, Channel.IMESSAGE,
                line.id(), new LeadId(hex(0xDD0000 + n)), Optional.of(new E164Phone("+12025550100")), Optional.empty(), "",
                Optional.empty(), Optional.empty(), Optional.empty(), batchId, "corr-" + n, Optional.empty(), false),
                createdAt);
    }
}
