package ai.tuco.adapters.delivery.twilio;

import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.Reconciliation;
import ai.tuco.application.provider.port.out.spi.SendRequest;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.domain.shared.E164Phone;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Does Twilio have a message whose send answered nothing? Twilio's Message resource does not echo the
 * {@code StatusCallback} it was created with (its properties: https://www.twilio.com/docs/messaging/api/message-resource;
 * twilio-python's {@code MessageInstance} has no such field), so our message id cannot be read back. A message is
 * ours when it is outbound, to the same address, from the line's phone (or through the line's Messaging Service), with
 * exactly our text, and created no earlier than our message was (ids start with their creation second), give or take
 * {@link #SKEW}. Two identical texts to one recipient since then are indistinguishable: the lookup then answers
 * {@link Reconciliation.Found}, never a resend.
 *
 * <ol>
 *   <li>{@code GET .../Messages.json?To=&From=&DateSent>=YYYY-MM-DD&PageSize=50} (the day our message was created, UTC;
 *       Twilio's inequality filter, named {@code DateSent>} and URL-encoded like the helper libraries do), following
 *       {@code next_page_uri} for at most {@value #MAX_PAGES} pages.</li>
 *   <li>If none matched: {@code GET .../Messages.json?To=&From=&PageSize=50} (one page, newest first), for a message
 *       Twilio still holds unsent: it has no {@code date_sent} yet, so the date filter cannot see it.</li>
 * </ol>
 * Only when both find nothing is the answer {@link Reconciliation.NotFound}; any error is
 * {@link Reconciliation.CannotTell}.
 */
final class TwilioReconciler {
    static final int PAGE_SIZE = 50;
    static final int MAX_PAGES = 5;
    static final Duration SKEW = Duration.ofMinutes(10);

    private final TwilioHttp http;
    private final Clock clock;

    TwilioReconciler(TwilioHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    Reconciliation reconcile(SendRequest request) {
        LineContext line = request.line();
        Instant since = createdAt(request);
        HttpUrl.Builder sent = list(request).addQueryParameter("DateSent>",
                LocalDate.ofInstant(since, ZoneOffset.UTC).toString()).addQueryParameter("PageSize", Integer.toString(PAGE_SIZE));
        HttpUrl next = sent.build();
        for (int page = 0; page < MAX_PAGES && next != null; page++) {
            Page p = fetch(line, next);
            if (p.problem != null) {
                return new Reconciliation.CannotTell(p.problem);
            }
            Optional<Reconciliation> found = find(request, p.json, since);
            if (found.isPresent()) {
                return found.get();
            }
            next = nextPage(line, p.json);
        }
        if (next != null) {
            return new Reconciliation.CannotTell("Twilio lists too many messages to that address to search them all");
        }
        Page unsent = fetch(line, list(request).addQueryParameter("PageSize", Integer.toString(PAGE_SIZE)).build());
        if (unsent.problem != null) {
            return new Reconciliation.CannotTell(unsent.problem);
        }
        return find(request, unsent.json, since).orElseGet(Reconciliation.NotFound::new);
    }

    /** {@code .../Messages.json?To=&From=} (no From for a line sending through a Messaging Service). */
    private static HttpUrl.Builder list(SendRequest request) {
        LineContext line = request.line();
        HttpUrl.Builder b = TwilioHttp.accountUrl(line, "Messages.json").addQueryParameter("To", request.to());
        if (service(line).isEmpty()) {
            line.line().phone().map(E164Phone::value).ifPresent(from -> b.addQueryParameter("From", from));
        }
        return b;
    }

    private record Page(JsonNode json, String problem) {}

    private Page fetch(LineContext line, HttpUrl url) {
        TwilioHttp.Result result = http.call(TwilioHttp.request(line, url).get());
        if (!(result instanceof TwilioHttp.Answered a)) {
            return new Page(null, "Twilio did not answer the message lookup");
        }
        if (!a.ok()) {
            return new Page(null, "Twilio answered HTTP " + a.status() + " to the message lookup");
        }
        Optional<JsonNode> json = a.json().filter(j -> j.path("messages").isArray());
        return json.map(j -> new Page(j, null)).orElseGet(() -> new Page(null, "Twilio's message list could not be read"));
    }

    private Optional<Reconciliation> find(SendRequest request, JsonNode page, Instant since) {
        for (JsonNode m : page.path("messages")) {
            if (!isOurs(request, m, since)) {
                continue;
            }
            String status = m.path("status").asText("");
            String sid = m.path("sid").asText("");
            if (sid.isBlank()) {
                continue;
            }
            Optional<StatusUpdate> update = TwilioStatusCallbacks.kind(status).map(kind -> new StatusUpdate(
                    Optional.of(request.messageId()), Optional.of(sid), kind,
                    kind == StatusUpdate.Kind.FAILED ? errorCode(m) : Optional.empty(),
                    kind == StatusUpdate.Kind.FAILED ? Optional.of(errorMessage(m, status)) : Optional.empty(),
                    Optional.empty()));
            return Optional.of(new Reconciliation.Found(sid, update));
        }
        return Optional.empty();
    }

    private static boolean isOurs(SendRequest request, JsonNode m, Instant since) {
        LineContext line = request.line();
        if (!m.path("direction").asText("outbound-api").startsWith("outbound")
                || !request.to().equals(m.path("to").asText(null))
                || !request.text().equals(m.path("body").asText(null))) {
            return false;
        }
        Optional<String> service = service(line);
        boolean sender = service.isPresent()
                ? service.get().equals(m.path("messaging_service_sid").asText(null))
                : line.line().phone().map(E164Phone::value).filter(p -> p.equals(m.path("from").asText(null))).isPresent();
        if (!sender) {
            return false;
        }
        // Unreadable creation dates count as "maybe ours": a wrong match loses a resend, never duplicates one.
        return created(m).map(c -> !c.isBefore(since.minus(SKEW))).orElse(true);
    }

    private static Optional<Instant> created(JsonNode m) {
        String text = m.path("date_created").asText("");
        try {
            return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT)).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> errorCode(JsonNode m) {
        JsonNode code = m.path("error_code");
        return code.isNull() || code.isMissingNode() ? Optional.empty() : Optional.of("TWILIO_" + code.asText());
    }

    private static String errorMessage(JsonNode m, String status) {
        String text = m.path("error_message").asText("");
        return text.isBlank() ? "Twilio reported the message " + status : TwilioErrors.clean(text);
    }

    /** The next page, from {@code next_page_uri} (a path relative to Twilio's API host) against the line's base URL. */
    private static HttpUrl nextPage(LineContext line, JsonNode page) {
        String uri = page.path("next_page_uri").asText("");
        if (uri.isBlank() || !uri.startsWith("/")) {
            return null;
        }
        HttpUrl base = TwilioHttp.baseUrl(line);
        String prefix = base.encodedPath().endsWith("/") ? base.encodedPath().substring(0, base.encodedPath().length() - 1)
                : base.encodedPath();
        return HttpUrl.parse(base.scheme() + "://" + base.host() + ":" + base.port() + prefix + uri);
    }

    private static Optional<String> service(LineContext line) {
        return line.get(TwilioProvider.MESSAGING_SERVICE_SID).filter(s -> !s.isBlank());
    }

    /**
     * When our message was created: the first 8 hex digits of its (ObjectId-shaped) id are its creation second. An id
     * that claims a time after now is not one of ours as generated: then the day before today bounds the lookup.
     */
    Instant createdAt(SendRequest request) {
        Instant now = clock.instant();
        Instant created = Instant.ofEpochSecond(Long.parseLong(request.messageId().value().substring(0, 8), 16));
        return created.isAfter(now) ? now.minus(Duration.ofDays(1)) : created;
    }
}
