package ai.tuco.domain.reply;

import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.ReplyId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A message a recipient sent to one of the workspace's lines: its own aggregate, never an outbound message with a
 * flag. Stored once per (line, {@code externalMessageId}); it belongs to the lead whose phone or email (primary or
 * alternate) is its sender's address, and answers its {@code parentMessageId}, the latest message that line sent to
 * that address, when there is one (a first contact, or an unprompted STOP, has none). Immutable once recorded.
 *
 * @param channel  the channel it came in on ({@code messageType} on the wire)
 * @param from     the sender's address: an E.164 phone or an email, exactly one
 * @param optOut   what its text (or its provider) said about being contacted again, if anything
 */
public record Reply(
        ReplyId id,
        WorkspaceId workspaceId,
        LeadId leadId,
        LineId lineId,
        Channel channel,
        Optional<E164Phone> fromPhone,
        Optional<EmailAddress> fromEmail,
        String text,
        List<Attachment> attachments,
        Instant receivedAt,
        String externalMessageId,
        Optional<MessageId> parentMessageId,
        Optional<OptOut> optOut,
        Instant createdAt) {

    /** Longest text kept; longer texts are cut (the provider keeps the original). */
    public static final int MAX_TEXT = 100_000;
    public static final int MAX_EXTERNAL_ID = 200;
    public static final int MAX_ATTACHMENTS = 20;

    /** Media the provider holds, by reference (never downloaded by us). */
    public record Attachment(String url, String contentType) {
        public Attachment {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(contentType, "contentType");
        }
    }

    public Reply {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(fromPhone, "fromPhone");
        Objects.requireNonNull(fromEmail, "fromEmail");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(externalMessageId, "externalMessageId");
        Objects.requireNonNull(parentMessageId, "parentMessageId");
        Objects.requireNonNull(optOut, "optOut");
        Objects.requireNonNull(createdAt, "createdAt");
        attachments = List.copyOf(attachments);
        if (fromPhone.isPresent() == fromEmail.isPresent()) {
            throw new IllegalArgumentException("a reply comes from exactly one of a phone or an email");
        }
        if (externalMessageId.isBlank() || externalMessageId.length() > MAX_EXTERNAL_ID) {
            throw new IllegalArgumentException("externalMessageId must be 1 to " + MAX_EXTERNAL_ID + " characters");
        }
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("a reply's text is at most " + MAX_TEXT + " characters");
        }
    }

    /** The sender's address as stored on leads and do-not-contact entries (E.164, or a lower-case email). */
    public String fromAddress() {
        return fromPhone.map(E164Phone::value).orElseGet(() -> fromEmail.orElseThrow().value());
    }
}
