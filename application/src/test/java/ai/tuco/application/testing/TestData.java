package ai.tuco.application.testing;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineCaps;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.NewMessage;
import ai.tuco.domain.message.SendWindow;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Workspaces, callers, lines, leads and messages for application tests, with readable defaults. */
public final class TestData {
    /** Monday 2026-03-09, 15:00 UTC. */
    public static final Instant NOW = Instant.parse("2026-03-09T15:00:00Z");
    public static final WorkspaceId WORKSPACE = new WorkspaceId("aaaaaaaaaaaaaaaaaaaa0001");
    public static final WorkspaceId OTHER_WORKSPACE = new WorkspaceId("aaaaaaaaaaaaaaaaaaaa0002");
    public static final String PHONE = "+15551230001";
    public static final String EMAIL = "ada@example.com";
    public static final ApiKeyId API_KEY = new ApiKeyId("aaaaaaaaaaaaaaaaaaaaaaaa");
    /** The actor of {@link #member} callers' requests. */
    public static final Actor ACTOR = new Actor("api_key", API_KEY.value(), Optional.empty(), Optional.empty());
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private TestData() {}

    /** {@code n} as a 24-hex id. */
    public static String hex(long n) {
        return String.format("%024x", n);
    }

    /** A workspace with default country US. */
    public static Workspace workspace(WorkspaceId id, WorkspaceStatus status) {
        return new Workspace(id, "Test " + id.value(), status, "US", Optional.empty(), CREATED);
    }

    public static Workspace workspace(WorkspaceId id) {
        return workspace(id, WorkspaceStatus.ACTIVE);
    }

    /** A member of an active workspace, authenticated by {@link #API_KEY}. */
    public static Caller member(WorkspaceId workspace) {
        return member(workspace(workspace));
    }

    /** A member of a read-only workspace, authenticated by {@link #API_KEY}. */
    public static Caller readOnly(WorkspaceId workspace) {
        return member(workspace(workspace, WorkspaceStatus.READ_ONLY));
    }

    public static Caller member(Workspace workspace) {
        return member(workspace, Optional.empty());
    }

    /** A member signed in as {@code user} (no API key). */
    public static Caller member(Workspace workspace, Optional<UserId> user) {
        return new Caller(workspace, Role.MEMBER, Optional.empty(), user);
    }

    /** An admin (no API key, no user). */
    public static Caller admin(Workspace workspace) {
        return new Caller(workspace, Role.ADMIN, Optional.empty(), Optional.empty());
    }

    /** An active sandbox line of {@link #WORKSPACE} that can send the given channels. */
    public static Line line(String id, Channel... channels) {
        return line(WORKSPACE, id, channels);
    }

    /** An active sandbox line that can send the given channels. */
    public static Line line(WorkspaceId workspace, String id, Channel... channels) {
        return new Line(new LineId(id), workspace, "line " + id, Optional.of(new E164Phone("+15550000001")),
                Optional.of(new EmailAddress("line@example.com")), "", "", true, EnumSet.of(channels[0], channels),
                Provider.SANDBOX, Optional.empty(), 0, LineCaps.DEFAULTS, NOW, NOW);
    }

    /** The same line, switched off. */
    public static Line inactive(Line l) {
        return new Line(l.id(), l.workspaceId(), l.name(), l.phone(), l.email(), l.firstName(), l.lastName(), false,
                l.channels(), l.provider(), l.ownerUserId(), l.pacingSeconds(), l.caps(), l.createdAt(), l.updatedAt());
    }

    /** Ada of {@link #WORKSPACE}, with {@link #PHONE} and {@link #EMAIL}. */
    public static Lead lead(String id) {
        return lead(id, List.of(), Map.of());
    }

    public static Lead lead(String id, List<E164Phone> altPhones, Map<String, String> customFields) {
        return new Lead(new LeadId(id), WORKSPACE, "Ada", "Lovelace", Optional.of(new E164Phone(PHONE)),
                Optional.of(new EmailAddress(EMAIL)), altPhones, List.of(), "", "", "", customFields, Optional.empty(),
                "", NOW, NOW);
    }

    /** The id of the {@code n}th {@link #lead(int, WorkspaceId, String, String) numbered lead}. */
    public static LeadId leadId(int n) {
        return new LeadId(String.format("b%023x", n));
    }

    /**
     * Lead {@code n}: a name, the given primary phone and email (either may be null), created {@code n} seconds after
     * {@link #NOW} so that lead numbers give the creation order.
     */
    public static Lead lead(int n, WorkspaceId ws, String phone, String email) {
        return lead(n, ws, phone, email, List.of(), List.of());
    }

    public static Lead lead(int n, WorkspaceId ws, String phone, String email, List<String> altPhones, List<String> altEmails) {
        return new Lead(leadId(n), ws, "Lead", String.valueOf(n), Optional.ofNullable(phone).map(E164Phone::new),
                Optional.ofNullable(email).map(EmailAddress::new), altPhones.stream().map(E164Phone::new).toList(),
                altEmails.stream().map(EmailAddress::new).toList(), "Co", "", "", Map.of(), Optional.empty(), "api",
                NOW.plusSeconds(n), NOW.plusSeconds(n));
    }

    public static MessageBuilder message(String id) {
        return new MessageBuilder(new MessageId(id));
    }

    /**
     * An accepted message of {@link #WORKSPACE}; by default an iMessage to {@link #PHONE}, accepted and due
     * {@link #NOW}, without window, batch or SMS fallback.
     */
    public static final class MessageBuilder {
        private final MessageId id;
        private WorkspaceId workspace = WORKSPACE;
        private String template = "Hi {{firstName}}";
        private Channel channel = Channel.IMESSAGE;
        private LineId line;
        private LeadId lead;
        private Optional<E164Phone> phone = Optional.of(new E164Phone(PHONE));
        private Optional<EmailAddress> email = Optional.empty();
        private Optional<SendWindow> window = Optional.empty();
        private Optional<Instant> scheduledDate = Optional.empty();
        private Optional<String> batch = Optional.empty();
        private boolean fallbackSms;
        private Instant acceptedAt = NOW;

        private MessageBuilder(MessageId id) {
            this.id = id;
        }

        public MessageBuilder in(WorkspaceId ws) {
            workspace = ws;
            return this;
        }

        public MessageBuilder from(Line l) {
            line = l.id();
            return this;
        }

        public MessageBuilder to(Lead l) {
            return to(l.id());
        }

        public MessageBuilder to(LeadId l) {
            lead = l;
            return this;
        }

        public MessageBuilder channel(Channel c) {
            channel = c;
            return this;
        }

        public MessageBuilder template(String t) {
            template = t;
            return this;
        }

        public MessageBuilder phone(Optional<E164Phone> p) {
            phone = p;
            return this;
        }

        public MessageBuilder email(Optional<EmailAddress> e) {
            email = e;
            return this;
        }

        public MessageBuilder window(SendWindow w) {
            window = Optional.of(w);
            return this;
        }

        public MessageBuilder scheduledDate(Instant at) {
            scheduledDate = Optional.of(at);
            return this;
        }

        public MessageBuilder batch(String batchId) {
            batch = Optional.of(batchId);
            return this;
        }

        public MessageBuilder withFallbackSms() {
            fallbackSms = true;
            return this;
        }

        public MessageBuilder acceptedAt(Instant at) {
            acceptedAt = at;
            return this;
        }

        public Message build() {
            return Message.accept(new NewMessage(id, workspace, template, channel, line, lead, phone, email, "Ada",
                    Optional.empty(), scheduledDate, window, batch, "corr-" + id.value(), Optional.empty(),
                    fallbackSms), acceptedAt).message();
        }
    }
}
