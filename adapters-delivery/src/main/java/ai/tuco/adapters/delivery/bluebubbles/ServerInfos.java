package ai.tuco.adapters.delivery.bluebubbles;

import ai.tuco.application.provider.port.out.spi.HealthResult;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Each line's relay server info, asked with {@code GET /api/v1/server/info} and kept briefly (per line and relay). */
final class ServerInfos {
    private final RelayClient client;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(ServerInfo info, Instant until) {}

    /** The relay could not say: what a send answers, and what the line's health is. */
    static final class Unavailable extends Exception {
        private final transient SendOutcome outcome;
        private final transient HealthResult health;

        Unavailable(SendOutcome outcome, HealthResult health) {
            super(health.reason().orElse("unavailable"), null, false, false);
            this.outcome = outcome;
            this.health = health;
        }

        SendOutcome outcome() {
            return outcome;
        }

        HealthResult health() {
            return health;
        }
    }

    ServerInfos(RelayClient client, Clock clock, Duration ttl) {
        this.client = client;
        this.clock = clock;
        this.ttl = ttl;
    }

    private static String key(LineContext line) {
        return line.line().id().value() + " " + line.require("serverUrl");
    }

    void forget(LineContext line) {
        cache.remove(key(line));
    }

    ServerInfo get(LineContext line, boolean fresh) throws Unavailable {
        String key = key(line);
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (!fresh && cached != null && now.isBefore(cached.until())) {
            return cached.info();
        }
        RelayClient.Reply reply;
        try {
            reply = client.get(line.require("serverUrl"), line.require("password"), "api/v1/server/info", Map.of());
        } catch (RelayClient.NotSent e) {
            throw new Unavailable(SendOutcome.Rejected.retryable(BlueBubblesProvider.UNREACHABLE, "the relay could not be reached",
                    Optional.empty()), HealthResult.unhealthy("relay unreachable"));
        } catch (IOException e) {
            // Only server info was asked: nothing was sent, so the send may be retried.
            throw new Unavailable(SendOutcome.Rejected.retryable(BlueBubblesProvider.UNREACHABLE, "the relay did not answer",
                    Optional.empty()), HealthResult.unhealthy("relay did not answer"));
        }
        if (reply.status() == 401 || reply.status() == 403) {
            throw new Unavailable(new SendOutcome.CredentialsRejected(BlueBubblesProvider.PASSWORD_REFUSED,
                    "the relay refused the line's password"), HealthResult.unhealthy("password refused"));
        }
        if (!reply.ok()) {
            boolean retry = reply.status() == 429 || reply.status() >= 500;
            String text = "the relay answered HTTP " + reply.status() + " to its server info";
            throw new Unavailable(new SendOutcome.Rejected(retry ? BlueBubblesProvider.RELAY_ERROR : BlueBubblesProvider.REJECTED,
                    text, retry, reply.retryAfter(), false), HealthResult.unhealthy("relay answered HTTP " + reply.status()));
        }
        Optional<JsonNode> data = reply.data().filter(JsonNode::isObject);
        if (data.isEmpty()) {
            throw new Unavailable(SendOutcome.Rejected.retryable(BlueBubblesProvider.RELAY_ERROR,
                    "the relay's server info could not be read", Optional.empty()), HealthResult.unhealthy("relay answer unreadable"));
        }
        ServerInfo info = ServerInfo.from(data.get());
        cache.put(key, new Cached(info, now.plus(ttl)));
        return info;
    }
}
