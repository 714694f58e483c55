package ai.tuco.domain.line;

import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A sender identity ("line"): the phone number or email address messages appear to come from, the
 * channels it can carry, its provider and its caps. Provider credentials are not part of it: they are
 * write-only and stay encrypted in the persistence adapter.
 */
public record Line(
        LineId id,
        WorkspaceId workspaceId,
        String name,
        Optional<E164Phone> phone,
        Optional<EmailAddress> email,
        String firstName,
        String lastName,
        boolean active,
        Set<Channel> channels,
        Provider provider,
        Optional<UserId> ownerUserId,
        int pacingSeconds,
        LineCaps caps,
        Instant createdAt,
        Instant updatedAt) {

    public Line {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(ownerUserId, "ownerUserId");
        Objects.requireNonNull(caps, "caps");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        channels = Set.copyOf(channels);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a line needs at least one channel");
        }
        if (pacingSeconds < 0) {
            throw new IllegalArgumentException("pacingSeconds must not be negative");
        }
        name = name == null ? "" : name;
        firstName = firstName == null ? "" : firstName;
        lastName = lastName == null ? "" : lastName;
    }

    public boolean canSend(Channel channel) {
        return active && channels.contains(channel);
    }
}
