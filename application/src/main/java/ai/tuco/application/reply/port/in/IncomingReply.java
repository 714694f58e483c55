package ai.tuco.application.reply.port.in;

import ai.tuco.domain.reply.OptOut;
import ai.tuco.domain.reply.Reply;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A reply as a provider (or the sandbox route) reported it, before it is matched: the provider's id of it (unique per
 * line), the sender's address as given (normalised by the use case), its text, its media by reference, when it was
 * received, and the provider's own opt-out class when it made one (it overrides the text's keyword).
 *
 * <p>Providers report replies as {@code provider.port.out.spi.InboundReply}; the caller maps one to this record field
 * by field ({@code OptOut.STOP} → {@code Kind.OPT_OUT}, {@code START} → {@code OPT_IN}).
 */
public record IncomingReply(String externalId, String fromAddress, String text, List<Reply.Attachment> attachments,
        Instant receivedAt, Optional<OptOut.Kind> providerOptOut) {
    public IncomingReply {
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(fromAddress, "fromAddress");
        text = text == null ? "" : text;
        attachments = List.copyOf(attachments);
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(providerOptOut, "providerOptOut");
    }
}
