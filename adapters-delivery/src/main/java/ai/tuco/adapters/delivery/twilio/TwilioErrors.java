package ai.tuco.adapters.delivery.twilio;

import ai.tuco.application.provider.port.out.spi.SendOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a refused send means, from Twilio's HTTP status and its error code (the JSON error body's {@code code},
 * https://www.twilio.com/docs/api/errors). Codes are reported as {@code TWILIO_<code>} (the contract's error codes are
 * upper-case words), with Twilio's own message, shortened and stripped of control characters. The README's "Twilio
 * error codes" table lists the same decisions.
 */
final class TwilioErrors {
    static final int AUTHENTICATE = 20003;
    static final int OPTED_OUT = 21610;
    private static final int MAX_TEXT = 300;

    /** What we do with a code. */
    enum Action { RETRY, FAIL, OPT_OUT, LINE_UNHEALTHY }

    /** Codes decided explicitly; any other code follows the HTTP status (4xx fail, 429 and 5xx retry). */
    static final Map<Integer, Action> KNOWN = Map.ofEntries(
            Map.entry(AUTHENTICATE, Action.LINE_UNHEALTHY),          // Authenticate: wrong SID or token
            Map.entry(20005, Action.LINE_UNHEALTHY),                 // Account not active
            Map.entry(20429, Action.RETRY),                          // Too many requests
            Map.entry(21611, Action.RETRY),                          // This 'From' number has exceeded its queue
            Map.entry(21211, Action.FAIL),                           // Invalid 'To' phone number
            Map.entry(21212, Action.FAIL),                           // Invalid 'From' phone number
            Map.entry(21408, Action.FAIL),                           // Permission to send to this region not enabled
            Map.entry(21602, Action.FAIL),                           // Message body is required
            Map.entry(21606, Action.FAIL),                           // 'From' is not a valid message-capable number
            Map.entry(21612, Action.FAIL),                           // Cannot route to this 'To' number
            Map.entry(21614, Action.FAIL),                           // 'To' is not a valid mobile number
            Map.entry(21617, Action.FAIL),                           // Body exceeds the 1600 character limit
            Map.entry(30003, Action.FAIL),                           // Unreachable destination handset
            Map.entry(30004, Action.FAIL),                           // Message blocked
            Map.entry(30005, Action.FAIL),                           // Unknown destination handset
            Map.entry(30006, Action.FAIL),                           // Landline or unreachable carrier
            Map.entry(30007, Action.FAIL),                           // Message filtered (carrier violation)
            Map.entry(30008, Action.FAIL),                           // Unknown error
            Map.entry(OPTED_OUT, Action.OPT_OUT));                   // Recipient unsubscribed (replied STOP)

    private TwilioErrors() {}

    /**
     * The outcome of a refused send: HTTP {@code status}, Twilio's {@code code} and {@code message} when its error body
     * had them, and its {@code Retry-After}.
     */
    static SendOutcome refused(int status, OptionalInt code, Optional<String> message, Optional<Duration> retryAfter) {
        String ourCode = code.isPresent() ? "TWILIO_" + code.getAsInt() : "TWILIO_HTTP_" + status;
        String text = message.map(TwilioErrors::clean).filter(s -> !s.isEmpty())
                .orElse("Twilio refused the message (HTTP " + status + ")");
        Action known = code.isPresent() ? KNOWN.get(code.getAsInt()) : null;
        Action action = known != null ? known : byStatus(status);
        return switch (action) {
            case RETRY -> SendOutcome.Rejected.retryable(ourCode, text, retryAfter);
            case FAIL -> SendOutcome.Rejected.permanent(ourCode, text);
            case OPT_OUT -> SendOutcome.Rejected.optedOut(ourCode, text);
            case LINE_UNHEALTHY -> new SendOutcome.CredentialsRejected(ourCode,
                    "Twilio refused the line's credentials (HTTP " + status + "): " + text);
        };
    }

    private static Action byStatus(int status) {
        if (status == 401 || status == 403) {
            return Action.LINE_UNHEALTHY;
        }
        if (status == 408 || status == 429 || status >= 500) {
            return Action.RETRY;
        }
        return Action.FAIL;
    }

    /** Twilio's text, one line, at most {@value #MAX_TEXT} characters. */
    static String clean(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}+", " ").strip();
        return oneLine.length() <= MAX_TEXT ? oneLine : oneLine.substring(0, MAX_TEXT - 1) + "…";
    }
}
