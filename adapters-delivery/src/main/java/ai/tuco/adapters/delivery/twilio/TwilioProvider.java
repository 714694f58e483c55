package ai.tuco.adapters.delivery.twilio;

import ai.tuco.application.provider.port.out.spi.Callbacks;
import ai.tuco.application.provider.port.out.spi.ConfigField;
import ai.tuco.application.provider.port.out.spi.HealthResult;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.Reconciliation;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import ai.tuco.application.provider.port.out.spi.SendRequest;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;

/**
 * Twilio Programmable Messaging (SMS) for a line: {@code providerConfig} {@code {accountSid, authToken, baseUrl?,
 * messagingServiceSid?}}.
 *
 * <ul>
 *   <li>Send: {@code POST {baseUrl}/2010-04-01/Accounts/{sid}/Messages.json}, basic authentication, form {@code To},
 *       {@code From} (the line's phone) or {@code MessagingServiceSid} when the line names one, {@code Body},
 *       {@code StatusCallback} = {@code {callbackBase}/status?m={messageId}}; the answer's {@code sid} is the
 *       message's provider id. Refusals follow {@link TwilioErrors}: 401/403 and 20003 refuse the line's credentials,
 *       429/5xx and a connection that never opened retry (honouring {@code Retry-After}), 21610 is an opted-out
 *       recipient, other codes fail the message as {@code TWILIO_<code>}. A request that went out without a usable
 *       answer (read timeout, cut connection, a 2xx without a sid) is {@link SendOutcome.Unknown}.</li>
 *   <li>Reconcile: {@link TwilioReconciler} (Twilio's Message resource does not echo our {@code StatusCallback}, so a
 *       message is recognised by To, From or Messaging Service, Body and creation time).</li>
 *   <li>Health: {@code GET {baseUrl}/2010-04-01/Accounts/{sid}.json} answering {@code status: active}.</li>
 *   <li>Callbacks: {@link TwilioStatusCallbacks}, authenticated with {@link TwilioSignature}.</li>
 * </ul>
 * Thread-safe; no per-line state. The auth token never appears in an outcome, a reason or a log.
 */
public final class TwilioProvider implements MessagingProvider {
    public static final String NAME = "twilio";
    static final String ACCOUNT_SID = "accountSid";
    static final String AUTH_TOKEN = "authToken";
    static final String BASE_URL = "baseUrl";
    static final String MESSAGING_SERVICE_SID = "messagingServiceSid";

    private static final List<ConfigField> FIELDS = List.of(
            ConfigField.required(ACCOUNT_SID, ConfigField.Type.TEXT, "AC followed by 32 hex characters")
                    .matching("AC[0-9a-fA-F]{32}", "AC followed by 32 hex characters"),
            ConfigField.secret(AUTH_TOKEN, true, "the account's auth token"),
            new ConfigField(BASE_URL, ConfigField.Type.URL, false, false, Optional.of(TwilioHttp.DEFAULT_BASE_URL), Set.of(),
                    Optional.empty(), "Twilio's API base URL (a regional edge or a relay)"),
            ConfigField.optional(MESSAGING_SERVICE_SID, ConfigField.Type.TEXT, "MG followed by 32 hex characters: send "
                    + "through this Messaging Service instead of from the line's phone").matching("MG[0-9a-fA-F]{32}", "MG followed by 32 hex characters"));

    private final TwilioHttp http;
    private final Clock clock;
    private final TwilioReconciler reconciler;
    private final TwilioStatusCallbacks callbacks = new TwilioStatusCallbacks();
    private final TwilioInbound inbound;

    /**
     * @param http  the client for Twilio's API (production: the SSRF-guarded client; its timeouts bound each call)
     * @param clock reads {@code Retry-After} dates and bounds reconciliation lookups
     */
    public TwilioProvider(OkHttpClient http, Clock clock) {
        this.inbound = new TwilioInbound(clock);
        this.http = new TwilioHttp(http);
        this.clock = clock;
        this.reconciler = new TwilioReconciler(this.http, clock);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.SMS);
    }

    @Override
    public List<ConfigField> configFields() {
        return FIELDS;
    }

    @Override
    public SendOutcome send(SendRequest request) {
        LineContext line = request.line();
        if (request.channel() != Channel.SMS) {
            return SendOutcome.Rejected.permanent("TWILIO_CHANNEL_NOT_SUPPORTED", "Twilio lines send SMS only");
        }
        FormBody.Builder form = new FormBody.Builder(StandardCharsets.UTF_8).add("To", request.to());
        Optional<String> service = line.get(MESSAGING_SERVICE_SID).filter(s -> !s.isBlank());
        if (service.isPresent()) {
            form.add("MessagingServiceSid", service.get());
        } else {
            Optional<String> phone = line.line().phone().map(E164Phone::value);
            if (phone.isEmpty()) {
                return SendOutcome.Rejected.permanent("TWILIO_NO_SENDER",
                        "The Twilio line has neither a phone number nor a messagingServiceSid to send from");
            }
            form.add("From", phone.get());
        }
        form.add("Body", request.text()).add("StatusCallback", statusCallback(request));
        TwilioHttp.Result result = http.call(TwilioHttp.request(line, TwilioHttp.accountUrl(line, "Messages.json").build())
                .post(form.build()));
        if (result instanceof TwilioHttp.NotSent n) {
            return SendOutcome.Rejected.retryable("TWILIO_UNREACHABLE",
                    "Could not reach Twilio (" + n.cause().getClass().getSimpleName() + "); nothing was sent", Optional.empty());
        }
        if (result instanceof TwilioHttp.Lost l) {
            return new SendOutcome.Unknown("No answer from Twilio after the request was sent (" + l.cause().getClass().getSimpleName() + ")");
        }
        TwilioHttp.Answered a = (TwilioHttp.Answered) result;
        if (!a.ok()) {
            return TwilioErrors.refused(a.status(), a.errorCode(), a.errorMessage().map(m -> withoutSecret(m, line)),
                    retryAfter(a.headers().get("Retry-After")));
        }
        return a.json().map(j -> j.path("sid")).filter(JsonNode::isTextual).map(JsonNode::asText).filter(s -> !s.isBlank())
                .<SendOutcome>map(SendOutcome.Accepted::new)
                .orElseGet(() -> new SendOutcome.Unknown("Twilio answered HTTP " + a.status() + " without a message sid"));
    }

    /** {@code {callbackBase}/status?m={messageId}}: the status callbacks name our message. */
    static String statusCallback(SendRequest request) {
        String base = request.line().callbackBase().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/status?m=" + request.messageId().value();
    }

    @Override
    public Reconciliation reconcile(SendRequest request) {
        return reconciler.reconcile(request);
    }

    @Override
    public HealthResult checkHealth(LineContext line) {
        TwilioHttp.Result result = http.call(TwilioHttp.request(line,
                TwilioHttp.api(line, "Accounts", line.require(ACCOUNT_SID) + ".json").build()).get());
        if (result instanceof TwilioHttp.NotSent n) {
            return HealthResult.unhealthy("Twilio is unreachable (" + n.cause().getClass().getSimpleName() + ")");
        }
        if (result instanceof TwilioHttp.Lost l) {
            return HealthResult.unhealthy("Twilio did not answer (" + l.cause().getClass().getSimpleName() + ")");
        }
        TwilioHttp.Answered a = (TwilioHttp.Answered) result;
        if (a.status() == 401 || a.status() == 403) {
            return HealthResult.unhealthy("Twilio: credentials refused (HTTP " + a.status() + ")");
        }
        if (a.status() == 404) {
            return HealthResult.unhealthy("Twilio has no such account");
        }
        if (!a.ok()) {
            return HealthResult.unhealthy("Twilio answered HTTP " + a.status());
        }
        String status = a.json().map(j -> j.path("status").asText("")).orElse("");
        if ("active".equals(status)) {
            return HealthResult.ok();
        }
        return HealthResult.unhealthy(status.matches("[a-z_]{1,30}") ? "the Twilio account is " + status
                : "Twilio's account answer has no status");
    }

    @Override
    public Optional<Callbacks> callbacks() {
        // {callbackBase}/status: status callbacks; {callbackBase}/inbound: incoming messages (replies, issue 14)
        return Optional.of((line, request) -> TwilioInbound.PATH.equals(request.path())
                ? inbound.decode(line, request) : callbacks.decode(line, request));
    }

    /** A {@code Retry-After} of delta-seconds or an HTTP date; empty when absent or unreadable. */
    Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String v = header.strip();
        if (v.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT)).toInstant();
            Duration d = Duration.between(clock.instant(), at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Twilio's text never holds the token, but a relay in between might echo it: never pass it on. */
    static String withoutSecret(String text, LineContext line) {
        String token = line.get(AUTH_TOKEN).orElse("");
        return token.length() >= 4 ? text.replace(token, "[secret]") : text;
    }
}
