package ai.tuco.application.message.port.in;

import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which messages a list shows; each empty part matches any message.
 *
 * @param status the status the API shows (a due {@code scheduled} message counts as {@code queued})
 * @param createdFrom inclusive
 * @param createdTo inclusive
 */
public record MessageFilter(
        Optional<MessageStatus> status,
        Optional<Channel> channel,
        Optional<LineId> lineId,
        Optional<LeadId> leadId,
        Optional<String> batchId,
        Optional<Instant> createdFrom,
        Optional<Instant> createdTo) {
    public MessageFilter {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(createdFrom, "createdFrom");
        Objects.requireNonNull(createdTo, "createdTo");
    }

    /** Every message of the workspace. */
    public static MessageFilter any() {
        return new MessageFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
