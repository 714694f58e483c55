package ai.tuco.domain.line;

import ai.tuco.domain.shared.Channel;
import java.util.Optional;
import java.util.Set;

/**
 * The rules a line's settings follow. Each check answers the one problem it finds, named after the field (by its
 * wire name) a client would fix, so callers can report every broken field at once.
 */
public final class LineRules {
    public static final int MAX_CAP = 1_000_000;
    public static final int MAX_PACING_SECONDS = 86_400;
    public static final int MAX_TEXT_LENGTH = 200;

    /** One broken rule: the field and what is wrong with it. */
    public record Problem(String field, String message) {}

    private LineRules() {}

    /** The provider must carry every channel of the line ({@code carried}: the channels the provider declares). */
    public static Optional<Problem> channels(Provider provider, Set<Channel> carried, Set<Channel> channels) {
        if (carried.containsAll(channels)) {
            return Optional.empty();
        }
        return Optional.of(new Problem("channels", provider.wireName() + " lines can send "
                + carried.stream().map(Channel::wireName).sorted().toList() + " only"));
    }

    /** Each channel needs an address to send from: SMS a phone, email an email address, iMessage either. */
    public static Optional<Problem> addresses(Set<Channel> channels, boolean hasPhone, boolean hasEmail) {
        if (channels.contains(Channel.SMS) && !hasPhone) {
            return Optional.of(new Problem("phone", "an sms line needs a phone number"));
        }
        if (channels.contains(Channel.EMAIL) && !hasEmail) {
            return Optional.of(new Problem("email", "an email line needs an email address"));
        }
        if (channels.contains(Channel.IMESSAGE) && !hasPhone && !hasEmail) {
            return Optional.of(new Problem("phone", "an imessage line needs a phone number or an email address"));
        }
        return Optional.empty();
    }

    /** Seconds between two sends of the line: at most a day. */
    public static Optional<Problem> pacingSeconds(long value) {
        return range("pacingSeconds", value, MAX_PACING_SECONDS);
    }

    /** A daily or hourly cap ({@code field} is its wire name). */
    public static Optional<Problem> cap(String field, long value) {
        return range(field, value, MAX_CAP);
    }

    /** Names shown to people (name, firstName, lastName). */
    public static Optional<Problem> text(String field, String value) {
        return value.length() > MAX_TEXT_LENGTH
                ? Optional.of(new Problem(field, field + " must be at most " + MAX_TEXT_LENGTH + " characters"))
                : Optional.empty();
    }

    private static Optional<Problem> range(String field, long value, int max) {
        return value < 0 || value > max
                ? Optional.of(new Problem(field, field + " must be a whole number from 0 to " + max))
                : Optional.empty();
    }
}
