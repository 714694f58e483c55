package ai.tuco.application.line;

import ai.tuco.application.line.port.in.LineInput;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Line fields as a client would send them. */
final class LineInputs {
    private static final Set<String> NUMBERS = Set.of(
            "pacingSeconds", "dailyNewConversationsLimit", "dailyTotalMessagesLimit", "hourlyNewConversationsLimit");

    private LineInputs() {}

    /** Line fields as a client would send them, by wire name: {@code input("provider", "sandbox", "pacingSeconds", 5)}. */
    @SuppressWarnings("unchecked")
    static LineInput input(Object... keyValues) {
        Map<String, Object> f = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            f.put((String) keyValues[i], keyValues[i + 1]);
        }
        Map<String, Long> numbers = new HashMap<>();
        f.forEach((k, v) -> {
            if (NUMBERS.contains(k)) {
                numbers.put(k, ((Number) v).longValue());
            }
        });
        return new LineInput(text(f, "name"), text(f, "phone"), text(f, "email"), text(f, "firstName"), text(f, "lastName"),
                Optional.ofNullable((Boolean) f.get("isActive")), Optional.ofNullable((List<String>) f.get("channels")),
                text(f, "provider"), Optional.ofNullable((Map<String, Object>) f.get("providerConfig")), text(f, "ownerUserId"),
                numbers);
    }

    private static Optional<String> text(Map<String, Object> f, String key) {
        return Optional.ofNullable((String) f.get(key));
    }
}
