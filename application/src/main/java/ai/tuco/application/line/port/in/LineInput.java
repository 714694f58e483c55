package ai.tuco.application.line.port.in;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Line fields as a client sent them (JSON types already checked), for a new line or a change. Absent fields take
 * their default on create and keep their value on update.
 *
 * @param providerConfig write-only credentials, values as strings, numbers or booleans
 * @param numbers pacingSeconds and the three caps, by wire name, as sent (may be out of range)
 */
public record LineInput(
        Optional<String> name,
        Optional<String> phone,
        Optional<String> email,
        Optional<String> firstName,
        Optional<String> lastName,
        Optional<Boolean> isActive,
        Optional<List<String>> channels,
        Optional<String> provider,
        Optional<Map<String, Object>> providerConfig,
        Optional<String> ownerUserId,
        Map<String, Long> numbers) {
    public LineInput {
        Objects.requireNonNull(providerConfig, "providerConfig");
        numbers = Map.copyOf(numbers);
    }

    /** What a new line needs at least (wire names); other fields absent, so their defaults apply. */
    public static LineInput of(String provider, List<String> channels, Optional<String> phone, Optional<String> email, String name) {
        return new LineInput(Optional.of(name), phone, email, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(List.copyOf(channels)), Optional.of(provider), Optional.empty(), Optional.empty(), Map.of());
    }
}
