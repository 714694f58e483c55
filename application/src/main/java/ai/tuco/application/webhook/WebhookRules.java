package ai.tuco.application.webhook;

import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.webhook.port.in.WebhookInput;
import ai.tuco.domain.webhook.WebhookEvents;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What a webhook's fields must be (one {@code details} item per broken field), and how its secrets are made. */
final class WebhookRules {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_URL = 2048;
    private static final int MAX_NAME = 200;
    private static final int MAX_DESCRIPTION = 2000;

    /** The checked fields: on creation all are present; on a change, those sent. */
    record Checked(Optional<String> url, Optional<List<String>> events, Optional<String> name,
            Optional<Optional<String>> description) {}

    private WebhookRules() {}

    /** {@code whsec_} + base64 of 32 random bytes (the Standard Webhooks shape). */
    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }

    static Checked check(WebhookInput in, boolean creating, boolean allowHttp) {
        List<FieldError> errors = new ArrayList<>();
        Optional<String> url = in.url().map(String::strip);
        if (url.isEmpty() && creating) {
            errors.add(new FieldError("url", "url is required"));
        }
        url.ifPresent(u -> urlProblem(u, allowHttp).ifPresent(p -> errors.add(new FieldError("url", p))));
        Optional<List<String>> events = in.events();
        if (events.isEmpty() && creating) {
            errors.add(new FieldError("events", "events is required"));
        }
        events.ifPresent(list -> {
            if (list.isEmpty()) {
                errors.add(new FieldError("events", "subscribe to at least one event"));
            }
            for (int i = 0; i < list.size(); i++) {
                if (!WebhookEvents.isKnown(list.get(i))) {
                    errors.add(new FieldError("events[" + i + "]",
                            "unknown event '" + list.get(i) + "'; known: " + String.join(", ", WebhookEvents.ALL)));
                }
            }
        });
        Optional<String> name = in.name().map(String::strip);
        if (name.isEmpty() && creating) {
            errors.add(new FieldError("name", "name is required"));
        }
        name.ifPresent(n -> {
            if (n.isEmpty() || n.length() > MAX_NAME) {
                errors.add(new FieldError("name", "name must be 1 to " + MAX_NAME + " characters"));
            }
        });
        in.description().ifPresent(d -> {
            if (d.length() > MAX_DESCRIPTION) {
                errors.add(new FieldError("description", "description must be at most " + MAX_DESCRIPTION + " characters"));
            }
        });
        if (!errors.isEmpty()) {
            throw UseCaseException.invalid(errors);
        }
        return new Checked(url, events.map(l -> List.copyOf(new LinkedHashSet<>(l))), name,
                in.description().map(d -> d.isBlank() ? Optional.<String>empty() : Optional.of(d)));
    }

    /** Absolute http(s) with a host, no credentials in it; plain HTTP only when allowed (development). */
    private static Optional<String> urlProblem(String url, boolean allowHttp) {
        if (url.length() > MAX_URL) {
            return Optional.of("url must be at most " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("url must be an absolute https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("url must not carry credentials");
        }
        if (scheme.equals("http") && !allowHttp) {
            return Optional.of("url must use https (plain http only with TUCO_WEBHOOK_ALLOW_HTTP=true)");
        }
        return Optional.empty();
    }
}
