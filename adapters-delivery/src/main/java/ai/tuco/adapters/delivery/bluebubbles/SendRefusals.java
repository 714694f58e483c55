package ai.tuco.adapters.delivery.bluebubbles;

import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import java.util.Locale;
import java.util.Optional;

/**
 * A non-2xx answer to {@code POST /api/v1/message/text} as an outcome. The relay's errors (responses/errors.ts) come as
 * {@code {status, message, error: {type, message}, data?}}; MessageRouter.sendText answers every send failure as a
 * 500 "iMessage Error", so that status alone does not mean "try again".
 */
final class SendRefusals {
    private SendRefusals() {}

    static SendOutcome of(RelayClient.Reply reply, LineContext line, Runnable forgetServerInfo) {
        int status = reply.status();
        String text = reply.errorText();
        String lower = text.toLowerCase(Locale.ROOT);
        if (status == 401 || status == 403) {
            return new SendOutcome.CredentialsRejected(BlueBubblesProvider.PASSWORD_REFUSED, "the relay refused the line's password");
        }
        if (status == 429) {
            return SendOutcome.Rejected.retryable(BlueBubblesProvider.RATE_LIMITED, "the relay asked to slow down", reply.retryAfter());
        }
        if (status == 400 && lower.contains("already queued")) {
            // messageValidator.ts: the same tempGuid is still being sent: the first attempt may yet go out.
            return new SendOutcome.Unknown("the relay is still sending an earlier attempt of this message");
        }
        if (status == 500 && reply.errorType().equals("iMessage Error")) {
            return iMessageError(reply, text, lower, line, forgetServerInfo);
        }
        if (status >= 500) {
            return SendOutcome.Rejected.retryable(BlueBubblesProvider.RELAY_ERROR, "the relay answered HTTP " + status, reply.retryAfter());
        }
        return SendOutcome.Rejected.permanent(BlueBubblesProvider.REJECTED,
                "the relay refused the message (HTTP " + status + ")" + detail(text, line));
    }

    private static SendOutcome iMessageError(RelayClient.Reply reply, String text, String lower, LineContext line,
            Runnable forgetServerInfo) {
        long code = reply.data().map(d -> d.path("error").asLong(0)).orElse(0L);
        if (code != 0) {
            // The message is in Messages with an error code: it failed, sending it again is not ours to decide.
            return SendOutcome.Rejected.permanent(BlueBubblesProvider.SEND_FAILED, MessageUpdates.errorText(code) + " (error " + code + ")");
        }
        if (lower.contains("private api")) {
            // checkPrivateApiStatus failed: the helper went away since we asked; ask again before the next attempt.
            forgetServerInfo.run();
            return SendOutcome.Rejected.retryable(BlueBubblesProvider.PRIVATE_API_UNAVAILABLE,
                    "the relay's Private API helper is not connected", Optional.empty());
        }
        if (reply.data().isEmpty() && lower.contains("see attached message error code")
                || lower.contains("timeout") || lower.contains("timed out") || lower.contains("not found in database")) {
            // A MessagePromise rejected without a message (its 2-minute wait ran out) or the Private API's 60-second wait:
            // Messages may still have sent it.
            return new SendOutcome.Unknown("the relay gave up waiting for the message to be sent");
        }
        return SendOutcome.Rejected.permanent(BlueBubblesProvider.SEND_FAILED, "the relay could not send the message" + detail(text, line));
    }

    /** ": <text>" with the relay's text made short and safe (one line, no password), or nothing. */
    static String detail(String text, LineContext line) {
        String clean = sanitise(text, line.get("password").orElse(""));
        return clean.isEmpty() ? "" : ": " + clean;
    }

    static String sanitise(String text, String password) {
        String s = text.replaceAll("[\\p{Cntrl}\\s]+", " ").trim();
        if (password.length() >= 4) {
            s = s.replace(password, "***");
        }
        s = s.replaceAll("(?i)password=[^&\\s]*", "password=***").replaceAll("https?://\\S+", "<url>");
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }
}
