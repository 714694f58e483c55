package ai.tuco.domain.message;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a message is in its life; wire names are the lower-case constant names.
 *
 * <p>{@link #canMoveTo} is the transition graph. {@link #isForwardOf} compares how far along two statuses
 * are, so a provider event that arrives late or twice can be told apart from one that skips ahead.
 */
public enum MessageStatus {
    SCHEDULED(0),
    QUEUED(1),
    PENDING(2),
    SENDING(3),
    SENT(4),
    DELIVERED(5),
    FAILED(5),
    FALLBACK(5),
    CANCELLED(5);

    private final int rank;

    MessageStatus(int rank) {
        this.rank = rank;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MessageStatus> fromWire(String value) {
        for (MessageStatus s : values()) {
            if (s.wireName().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The statuses this one may move to. */
    public Set<MessageStatus> nextStatuses() {
        return switch (this) {
            // A due scheduled message is claimed directly: "due" is shown as queued, never written.
            case SCHEDULED -> Set.of(QUEUED, SENDING, CANCELLED);
            case QUEUED, PENDING -> Set.of(SENDING, CANCELLED);
            // DELIVERED straight from SENDING: the provider's event can commit before our "sent".
            case SENDING -> Set.of(SENT, DELIVERED, FAILED, QUEUED, FALLBACK);
            case SENT -> Set.of(DELIVERED, FAILED);
            case DELIVERED, FAILED, FALLBACK, CANCELLED -> Set.of();
        };
    }

    public boolean canMoveTo(MessageStatus target) {
        return nextStatuses().contains(target);
    }

    /** No move leaves this status (a delivered message may still be marked read). */
    public boolean isFinal() {
        return nextStatuses().isEmpty();
    }

    /** The message did not and will not go out, so it must say why (errorCode and errorMessage). */
    public boolean requiresReason() {
        return this == FAILED || this == FALLBACK || this == CANCELLED;
    }

    /** This status lies further along a message's life than {@code other}; final statuses are all equally far. */
    public boolean isForwardOf(MessageStatus other) {
        return rank > other.rank;
    }
}
