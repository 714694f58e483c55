package ai.tuco.application.provider.port.out.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A message a recipient sent to a line (a reply), as the provider reported it in a callback or a poll. Matched to a
 * lead and a parent message by the application, stored once per (line, {@code externalId}).
 *
 * @param fromAddress the sender's handle address (E.164 phone or email), as the provider gave it
 * @param optOut      the provider's own opt-out classification, when it makes one (Twilio's {@code OptOutType})
 */
public record InboundReply(String externalId, String fromAddress, String text, List<Attachment> attachments,
        Instant receivedAt, Optional<OptOut> optOut) {

    /** A provider-side opt-out keyword class. */
    public enum OptOut { STOP, START }

    /** Media the provider holds (not downloaded): its URL and content type. */
    public record Attachment(String url, String contentType) {
        public Attachment {
            Objects.requireNonNull(url, "url");
            contentType = contentType == null ? "application/octet-stream" : contentType;
        }
    }

    public InboundReply {
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(fromAddress, "fromAddress");
        text = text == null ? "" : text;
        attachments = List.copyOf(attachments);
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(optOut, "optOut");
    }
}
