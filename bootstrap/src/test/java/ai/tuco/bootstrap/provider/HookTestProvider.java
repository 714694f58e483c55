package ai.tuco.bootstrap.provider;

import ai.tuco.application.provider.port.out.spi.Callbacks;
import ai.tuco.application.provider.port.out.spi.ConfigField;
import ai.tuco.application.provider.port.out.spi.EventPoller;
import ai.tuco.application.provider.port.out.spi.HealthResult;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.ProviderDirectory;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import ai.tuco.application.provider.port.out.spi.SendRequest;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.MessageId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A provider for the hooks tests, named like a built-in one (lines can only name those until the provider core lands):
 * its callbacks authenticate by the line's token like an unsigned relay's, {@code POST status} takes JSON
 * {@code {"id", "messageId"?, "status", "error"?}} and {@code POST form} the same as a form; its per-line poller hands
 * out what the test queued; its health is what the test sets, or hangs until released.
 */
final class HookTestProvider implements MessagingProvider {
    private static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    volatile HealthResult health = HealthResult.ok();
    volatile CountDownLatch hangHealth;
    volatile boolean pollFails;
    /** What the next poll of a line (by id) finds. */
    final java.util.Map<String, ConcurrentLinkedQueue<StatusUpdate>> toPoll = new java.util.concurrent.ConcurrentHashMap<>();
    final List<String> polls = new CopyOnWriteArrayList<>();
    final List<String> configured = new CopyOnWriteArrayList<>();
    final List<String> removed = new CopyOnWriteArrayList<>();

    HookTestProvider(String name) {
        this.name = name;
    }

    static ProviderDirectory directory(MessagingProvider... providers) {
        return new ProviderDirectory() {
            @Override
            public Optional<MessagingProvider> find(String name) {
                return List.of(providers).stream().filter(p -> p.name().equals(name)).findFirst();
            }

            @Override
            public Collection<MessagingProvider> all() {
                return List.of(providers);
            }
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.IMESSAGE, Channel.SMS);
    }

    @Override
    public List<ConfigField> configFields() {
        return List.of(ConfigField.required("serverUrl", ConfigField.Type.URL, "relay"), ConfigField.secret("password", true, "relay password"));
    }

    @Override
    public SendOutcome send(SendRequest request) {
        throw new UnsupportedOperationException("the hooks tests do not send through this provider");
    }

    @Override
    public HealthResult checkHealth(LineContext line) throws Exception {
        CountDownLatch hang = hangHealth;
        if (hang != null) {
            hang.await(60, TimeUnit.SECONDS);
        }
        return health;
    }

    @Override
    public void lineConfigured(LineContext line, Optional<LineContext> previous) {
        configured.add(line.line().id().value() + (previous.isPresent() ? " (was configured)" : " (new)"));
    }

    @Override
    public void lineRemoved(LineContext line) {
        removed.add(line.line().id().value());
    }

    @Override
    public Optional<Callbacks> callbacks() {
        return Optional.of((line, request) -> {
            byte[] given = request.queryParam("token").orElse("").getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(given, line.callbackToken().getBytes(StandardCharsets.UTF_8))) {
                return Callbacks.Decoded.refused(401, "wrong token");
            }
            try {
                String id;
                String status;
                Optional<String> messageId;
                Optional<String> error;
                if (request.path().equals("form")) {
                    id = request.formParam("id").orElseThrow();
                    status = request.formParam("status").orElseThrow();
                    messageId = request.formParam("messageId");
                    error = request.formParam("error");
                } else if (request.path().equals("status")) {
                    JsonNode body = JSON.readTree(request.body());
                    id = body.path("id").asText(null);
                    status = body.path("status").asText(null);
                    messageId = Optional.ofNullable(body.path("messageId").asText(null));
                    error = Optional.ofNullable(body.path("error").asText(null));
                    if (id == null || status == null) {
                        return Callbacks.Decoded.refused(400, "missing id or status");
                    }
                } else {
                    return Callbacks.Decoded.refused(404, "");
                }
                StatusUpdate.Kind kind = StatusUpdate.Kind.valueOf(status.toUpperCase(java.util.Locale.ROOT));
                StatusUpdate u = new StatusUpdate(messageId.map(MessageId::new), Optional.of(id), kind,
                        error.map(e -> "E" + e), error, Optional.empty());
                return new Callbacks.Decoded(Callbacks.Answer.ok(), List.of(u));
            } catch (Exception e) {
                return Callbacks.Decoded.refused(400, "unreadable");
            }
        });
    }

    @Override
    public Optional<EventPoller> poller() {
        return Optional.of(new EventPoller() {
            @Override
            public Scope scope() {
                return Scope.PER_LINE;
            }

            @Override
            public Duration interval() {
                return Duration.ofMinutes(1);
            }

            @Override
            public Polled poll(Optional<LineContext> line, Optional<String> cursor) {
                if (pollFails) {
                    throw new IllegalStateException("relay unreachable");
                }
                polls.add(line.orElseThrow().line().id().value() + "@" + cursor.orElse("-"));
                List<StatusUpdate> out = new ArrayList<>();
                ConcurrentLinkedQueue<StatusUpdate> queue = toPoll.getOrDefault(line.get().line().id().value(), new ConcurrentLinkedQueue<>());
                for (StatusUpdate u = queue.poll(); u != null; u = queue.poll()) {
                    out.add(u);
                }
                return new Polled(out, Optional.of("c" + polls.size()));
            }
        });
    }

}
