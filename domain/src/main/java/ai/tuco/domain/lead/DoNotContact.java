package ai.tuco.domain.lead;

import ai.tuco.domain.shared.DoNotContactId;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** An address (phone or email, exactly one) a workspace must never message again, and why. */
public record DoNotContact(
        DoNotContactId id,
        WorkspaceId workspaceId,
        Optional<E164Phone> phone,
        Optional<EmailAddress> email,
        String reason,
        String source,
        Instant createdAt) {
    /** Added through the API or by hand. */
    public static final String SOURCE_API = "api";
    /** Added by an opt-out keyword in a reply (lifted by an opt-in keyword). */
    public static final String SOURCE_REPLY = "reply";
    /** Added because a provider refused the address as opted out (Twilio 21610; lifted by an opt-in keyword). */
    public static final String SOURCE_PROVIDER = "provider";
    /** Added by the recipient's one-click unsubscribe from an email. */
    public static final String SOURCE_UNSUBSCRIBE = "unsubscribe";

    public DoNotContact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(createdAt, "createdAt");
        if (phone.isPresent() == email.isPresent()) {
            throw new IllegalArgumentException("a do-not-contact entry holds exactly one of phone or email");
        }
        reason = reason == null ? "" : reason;
        source = source == null ? "api" : source;
    }
}
