package ai.tuco.adapters.delivery.bluebubbles;

import ai.tuco.application.provider.port.out.spi.EventPoller;
import ai.tuco.application.provider.port.out.spi.InboundReply;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The catch-up poll: the relay posts each webhook once and forgets it, so every minute (and after start) we ask
 * {@code POST /api/v1/message/query} for our messages delivered, read or failed since the cursor, and for replies
 * received since then, the cursor being the last event time seen (epoch ms as text). Events at the cursor's millisecond are asked again: a repeated update is harmless.
 */
final class BlueBubblesPoller implements EventPoller {
    static final Duration INTERVAL = Duration.ofSeconds(60);
    /** How far back the first poll of a line looks. */
    static final Duration FIRST_WINDOW = Duration.ofHours(1);
    static final int PAGE = 500;
    static final int MAX_PAGES = 10;
    /** chat.db dates are nanoseconds since 2001-01-01 (macOS 10.13+; server databases/imessage/helpers/dateUtil.ts). */
    static final long APPLE_EPOCH_MS = 978_307_200_000L;

    private final RelayClient client;
    private final Clock clock;

    BlueBubblesPoller(RelayClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public Scope scope() {
        return Scope.PER_LINE;
    }

    @Override
    public Duration interval() {
        return INTERVAL;
    }

    @Override
    public Polled poll(Optional<LineContext> line, Optional<String> cursor) throws IOException {
        LineContext ctx = line.orElseThrow(() -> new IllegalArgumentException("the BlueBubbles poll is per line"));
        Instant since = cursor.flatMap(BlueBubblesPoller::parseCursor).orElse(clock.instant().minus(FIRST_WINDOW));
        List<StatusUpdate> updates = new ArrayList<>();
        List<InboundReply> replies = new ArrayList<>();
        Instant latest = since;
        for (int page = 0; page < MAX_PAGES; page++) {
            RelayClient.Reply reply = client.post(ctx.require("serverUrl"), ctx.require("password"), "api/v1/message/query",
                    query(since, page));
            if (!reply.ok()) {
                throw new IOException("the relay answered the catch-up query with HTTP " + reply.status());
            }
            JsonNode data = reply.data().filter(JsonNode::isArray)
                    .orElseThrow(() -> new IOException("the relay's answer to the catch-up query could not be read"));
            for (JsonNode message : data) {
                updates.addAll(MessageUpdates.of(message, false));
                IncomingMessages.reply(message, ctx.require("serverUrl")).ifPresent(replies::add);
                latest = latest(latest, message);
            }
            if (data.size() < PAGE) {
                break;
            }
        }
        return new Polled(updates, replies, Optional.of(Long.toString(latest.toEpochMilli())));
    }

    /**
     * Our messages with a delivery, read or error time at or after {@code since}, and the others' messages (replies)
     * created since then, oldest first, with their attachments.
     */
    private ObjectNode query(Instant since, int page) {
        long appleNanos = (since.toEpochMilli() - APPLE_EPOCH_MS) * 1_000_000L;
        ObjectNode body = client.mapper().createObjectNode();
        body.putArray("with").add("attachment");
        ArrayNode where = body.putArray("where");
        ObjectNode changed = where.addObject().put("statement",
                "((message.is_from_me = 1 AND (message.date_delivered >= :bbSince OR message.date_read >= :bbSince"
                        + " OR (message.error != 0 AND message.date >= :bbSince)))"
                        + " OR (message.is_from_me = 0 AND message.date >= :bbSince))");
        changed.putObject("args").put("bbSince", appleNanos);
        body.put("sort", "ASC");
        body.put("offset", page * PAGE);
        body.put("limit", PAGE);
        return body;
    }

    private static Instant latest(Instant latest, JsonNode message) {
        Instant out = latest;
        for (String field : List.of("dateDelivered", "dateRead")) {
            Optional<Instant> at = MessageUpdates.date(message, field);
            if (at.isPresent() && at.get().isAfter(out)) {
                out = at.get();
            }
        }
        if (message.path("error").asLong(0) != 0 || !message.path("isFromMe").asBoolean(true)) {
            Optional<Instant> at = MessageUpdates.date(message, "dateCreated");
            if (at.isPresent() && at.get().isAfter(out)) {
                out = at.get();
            }
        }
        return out;
    }

    static Optional<Instant> parseCursor(String cursor) {
        try {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(cursor.trim())));
        } catch (NumberFormatException e) {
            try {
                return Optional.of(Instant.parse(cursor.trim()));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }
}
