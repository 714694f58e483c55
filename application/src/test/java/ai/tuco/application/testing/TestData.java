package ai.tuco.application.testing;

import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineCaps;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.NewMessage;
import ai.tuco.domain.message.SendWindow;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One workspace's lines, leads and messages for application tests, with readable defaults. */
public final class TestData {
    /** Monday 2026-03-09, 15:00 UTC. */
    public static final Instant NOW = Instant.parse("2026-03-09T15:00:00Z");
    public static final WorkspaceId WORKSPACE = new WorkspaceId("aaaaaaaaaaaaaaaaaaaa0001");
    public static final String PHONE = "+15551230001";
    public static final String EMAIL = "ada@example.com";

    private TestData() {}

    /** An active sandbox line that can send the given channels. */
    public static Line line(String id, Channel... channels) {
        return new Line(new LineId(id), WORKSPACE, "line " + id, Optional.of(new E164Phone("+15550000001")),
                Optional.of(new EmailAddress("line@example.com")), "", "", true, EnumSet.of(channels[0], channels),
                Provider.SANDBOX, Optional.empty(), 0, LineCaps.DEFAULTS, NOW, NOW);
    }

    /** Ada, with {@link #PHONE} and {@link #EMAIL}. */
    public static Lead lead(String id) {
        return lead(id, List.of(), Map.of());
    }

    public static Lead lead(String id, List<E164Phone> altPhones, Map<String, String> customFields) {
        return new Lead(new LeadId(id), WORKSPACE, "Ada", "Lovelace", Optional.of(new E164Phone(PHONE)),
                Optional.of(new EmailAddress(EMAIL)), altPhones, List.of(), "", "", "", customFields, Optional.empty(),
                "", NOW, NOW);
    }

    public static MessageBuilder message(String id) {
        return new MessageBuilder(new MessageId(id));
    }

    /** An accepted message; by default an iMessage to {@link #PHONE}, due now, without window or SMS fallback. */
    public static final class MessageBuilder {
        private final MessageId id;
        private String template = "Hi {{firstName}}";
        private Channel channel = Channel.IMESSAGE;
        private LineId line;
        private LeadId lead;
        private Optional<E164Phone> phone = Optional.of(new E164Phone(PHONE));
        private Optional<EmailAddress> email = Optional.empty();
        private Optional<SendWindow> window = Optional.empty();
        private Optional<Instant> scheduledDate = Optional.empty();
        private boolean fallbackSms;
        private Instant acceptedAt = NOW;

        private MessageBuilder(MessageId id) {
            this.id = id;
        }

        public MessageBuilder from(Line l) {
            line = l.id();
            return this;
        }

        public MessageBuilder to(Lead l) {
            lead = l.id();
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

        public MessageBuilder withFallbackSms() {
            fallbackSms = true;
            return this;
        }

        public MessageBuilder acceptedAt(Instant at) {
            acceptedAt = at;
            return this;
        }

        public Message build() {
            return Message.accept(new NewMessage(id, WORKSPACE, template, channel, line, lead, phone, email, "Ada",
                    Optional.empty(), scheduledDate, window, Optional.empty(), "corr-" + id.value(), Optional.empty(),
                    fallbackSms), acceptedAt).message();
        }
    }
}
