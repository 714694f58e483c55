package ai.tuco.domain.message;

import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a message is made of when it is accepted: everything the client chose, with the line and lead
 * already resolved. Rejects a template naming unknown fields; the caller is expected to have reported
 * them (see {@link Template#unknownFields()}) before getting here.
 */
public record NewMessage(
        MessageId id,
        WorkspaceId workspaceId,
        String template,
        Channel channel,
        LineId lineId,
        LeadId leadId,
        Optional<E164Phone> recipientPhone,
        Optional<EmailAddress> recipientEmail,
        String recipientName,
        Optional<String> subject,
        Optional<Instant> scheduledDate,
        Optional<SendWindow> window,
        Optional<String> batchId,
        String correlationId,
        Optional<UserId> createdByUserId,
        boolean sendFallbackSmsOnFailed) {

    public NewMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(recipientPhone, "recipientPhone");
        Objects.requireNonNull(recipientEmail, "recipientEmail");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(scheduledDate, "scheduledDate");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(createdByUserId, "createdByUserId");
        recipientName = recipientName == null ? "" : recipientName;
        List<String> unknown = Template.parse(template).unknownFields();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown template fields: " + String.join(", ", unknown));
        }
    }
}
