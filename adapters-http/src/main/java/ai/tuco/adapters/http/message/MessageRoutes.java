package ai.tuco.adapters.http.message;

import ai.tuco.adapters.http.HttpServer;
import ai.tuco.adapters.http.IdempotencyKeys;
import ai.tuco.adapters.http.RateLimits;
import ai.tuco.adapters.http.RouteGroup;
import ai.tuco.adapters.http.shared.ApiError;
import ai.tuco.adapters.http.shared.Ids;
import ai.tuco.adapters.http.shared.JsonBody;
import ai.tuco.adapters.http.shared.JsonSupport;
import ai.tuco.adapters.http.shared.Responses;
import ai.tuco.adapters.http.workspace.ApiAuth;
import ai.tuco.application.message.port.in.CancelMessageUseCase;
import ai.tuco.application.message.port.in.ExportMessagesQuery;
import ai.tuco.application.message.port.in.GetMessageQuery;
import ai.tuco.application.message.port.in.ListMessagesQuery;
import ai.tuco.application.message.port.in.SendMessageCommand;
import ai.tuco.application.message.port.in.SendMessageUseCase;
import ai.tuco.application.message.port.in.SendMessageUseCase.Replayed;
import ai.tuco.application.message.port.in.SendMessageUseCase.SentMessage;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.shared.MessageId;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code /api/messages}: accept, read, list, export, history, cancel. */
public final class MessageRoutes implements RouteGroup {
    static final int MAX_BULK = 1000;
    private static final Pattern SAFE_CORRELATION = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private final SendMessageUseCase send;
    private final GetMessageQuery get;
    private final ListMessagesQuery list;
    private final CancelMessageUseCase cancel;
    private final MessageExport export;
    private final Clock clock;
    private final RateLimits rateLimits;

    /** @param rateLimits counts every item of a bulk accept */
    public MessageRoutes(SendMessageUseCase send, GetMessageQuery get, ListMessagesQuery list, CancelMessageUseCase cancel,
            ExportMessagesQuery export, Clock clock, RateLimits rateLimits) {
        this.rateLimits = rateLimits;
        this.send = send;
        this.export = new MessageExport(export, clock);
        this.get = get;
        this.list = list;
        this.cancel = cancel;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/messages", this::create);
        routes.post(HttpServer.BULK_PATH, this::createMany);
        routes.get("/api/messages", this::list);
        // before /{id}: the first route that matches a path serves it
        routes.get("/api/messages/export", export::handle);
        routes.get("/api/messages/{id}", ctx -> {
            Caller caller = ApiAuth.caller(ctx);
            var view = get.get(caller, messageId(ctx));
            Responses.json(ctx, 200, Responses.ok("message", MessageJson.from(view, clock.instant())));
        });
        routes.get("/api/messages/{id}/events", ctx -> {
            Caller caller = ApiAuth.caller(ctx);
            var events = get.events(caller, messageId(ctx));
            Responses.json(ctx, 200, Responses.ok("events", events.stream().map(MessageJson::event).toList()));
        });
        routes.post("/api/messages/{id}/cancel", ctx -> {
            Caller caller = ApiAuth.caller(ctx);
            // A read-only workspace is refused (402) before its id is looked at, as before ids were typed.
            caller.requireWritable();
            var view = cancel.cancel(caller, ApiAuth.actor(ctx), messageId(ctx));
            Responses.json(ctx, 200, Responses.ok("message", MessageJson.from(view, clock.instant())));
        });
    }

    private static MessageId messageId(Context ctx) {
        return Ids.parse(ctx.pathParam("id"), MessageId::new, "Message");
    }

    private void create(Context ctx) {
        Caller caller = ApiAuth.caller(ctx);
        JsonBody body = JsonBody.read(ctx);
        String correlationId = correlationId(body, HttpServer.correlationId(ctx));
        HttpServer.useCorrelationId(ctx, correlationId);
        Optional<SendMessageCommand.IdempotencyKey> key = Optional.ofNullable(ctx.header(IdempotencyKeys.HEADER))
                .map(k -> new SendMessageCommand.IdempotencyKey(k, IdempotencyKeys.fingerprint(ctx), this::answer));
        var command = command(ctx, caller, body, correlationId, key);
        body.requireWellTyped();
        SendMessageUseCase.Reply reply = send.send(command);
        if (reply instanceof Replayed replayed) {
            ctx.header("Idempotent-Replayed", "true");
            Responses.bytes(ctx, replayed.status(), replayed.body());
        } else {
            SentMessage sent = (SentMessage) reply;
            Responses.bytes(ctx, 201, sent.answer().orElseGet(() -> answer(sent)));
        }
    }

    /**
     * The 201 body of an accepted message: {@code {success, leadId, duplicateOnly, message}}, written straight out by the
     * code that writes each accepted item of a bulk answer (one path, kept compiled by both).
     */
    private byte[] answer(SentMessage sent) {
        ByteArrayBuilder out = new ByteArrayBuilder(2048);
        try (JsonGenerator g = JsonSupport.MAPPER.createGenerator(out)) {
            writeItem(g, -1, sent);
        } catch (IOException e) {
            throw new IllegalStateException("response could not be serialised", e);
        }
        return out.toByteArray();
    }

    /** An accepted item: {@code {index?, success, leadId, duplicateOnly, message}} (no index when {@code index < 0}). */
    private void writeItem(JsonGenerator g, int index, SentMessage sent) throws IOException {
        g.writeStartObject();
        if (index >= 0) {
            g.writeNumberField("index", index);
        }
        g.writeBooleanField("success", true);
        g.writeStringField("leadId", sent.leadId().value());
        g.writeBooleanField("duplicateOnly", sent.duplicateOnly());
        g.writeFieldName("message");
        MessageJson.write(g, sent.message(), clock.instant());
        g.writeEndObject();
    }

    /**
     * {@code POST /api/messages/batch {messages: [...], batchId?}}: up to {@value #MAX_BULK} messages with the fields and
     * rules of a single accept, answered 200 with one result per item in order: {@code {index, success: true, leadId,
     * duplicateOnly, message}} or {@code {index, success: false, status, error, code, details}}. Valid items are
     * accepted even when others fail; only a broken envelope is a 400. Every item counts against the rate limit.
     */
    private void createMany(Context ctx) {
        Caller caller = ApiAuth.caller(ctx);
        caller.requireWritable();
        JsonBody envelope = JsonBody.read(ctx, HttpServer.MAX_BULK_BODY);
        Optional<List<Optional<JsonBody>>> entries = envelope.objectArray("messages", MAX_BULK);
        Optional<String> batchId = envelope.string("batchId");
        envelope.requireWellTyped();
        if (entries.isEmpty() || entries.get().isEmpty()) {
            throw ApiError.validation("messages", "messages must be an array of 1 to " + MAX_BULK + " message objects");
        }
        List<Optional<JsonBody>> items = entries.get();
        long granted = 1 + rateLimits.takeMore(ctx, items.size() - 1);
        Object[] results = new Object[items.size()];
        List<SendMessageCommand> commands = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                if (i >= granted) {
                    throw new ApiError(429, "RATE_LIMITED", "Rate limit reached before this item; send it again later");
                }
                JsonBody item = items.get(i).orElseThrow(() -> ApiError.validation("messages", "each entry must be a message object"));
                String correlationId = correlationId(item, HttpServer.correlationId(ctx) + "." + i);
                var command = command(ctx, caller, item, correlationId, Optional.empty());
                if (command.batchId().isEmpty() && batchId.isPresent()) {
                    command = withBatchId(command, batchId);
                }
                item.requireWellTyped();
                commands.add(command);
                positions.add(i);
            } catch (RuntimeException e) {
                results[i] = failed(ctx, i, e);
            }
        }
        List<SendMessageUseCase.Outcome> outcomes = send.sendAll(commands);
        long accepted = 0;
        for (int k = 0; k < outcomes.size(); k++) {
            int i = positions.get(k);
            SendMessageUseCase.Outcome o = outcomes.get(k);
            if (o.error().isPresent()) {
                results[i] = failed(ctx, i, o.error().get());
            } else {
                results[i] = (SentMessage) o.reply().orElseThrow();
                accepted++;
            }
        }
        Responses.bytes(ctx, 200, bulkAnswer(accepted, items.size() - accepted, results));
    }

    /**
     * {@code {success, accepted, failed, results}} written straight out: an accepted item is the single accept's object
     * with its index first, a refused one the map {@link #failed} built.
     */
    private byte[] bulkAnswer(long accepted, long failed, Object[] results) {
        ByteArrayBuilder out = new ByteArrayBuilder(Math.min(1024 * results.length, 1 << 20));
        try (JsonGenerator g = JsonSupport.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeBooleanField("success", true);
            g.writeNumberField("accepted", accepted);
            g.writeNumberField("failed", failed);
            g.writeArrayFieldStart("results");
            for (int i = 0; i < results.length; i++) {
                if (results[i] instanceof SentMessage sent) {
                    writeItem(g, i, sent);
                } else {
                    g.writeObject(results[i]);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("response could not be serialised", e);
        }
        return out.toByteArray();
    }

    private static Map<String, Object> failed(Context ctx, int index, RuntimeException e) {
        ApiError error = HttpServer.asApiError(ctx, e);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("index", index);
        body.put("status", error.status());
        body.putAll(HttpServer.errorBody(error));
        return body;
    }

    private static String correlationId(JsonBody body, String fallback) {
        return body.string("correlationId").filter(c -> SAFE_CORRELATION.matcher(c).matches()).orElse(fallback);
    }

    private static SendMessageCommand withBatchId(SendMessageCommand c, Optional<String> batchId) {
        return new SendMessageCommand(c.caller(), c.actor(), c.content(), c.recipient(), c.schedule(), c.fromLineId(),
                batchId, c.sendFallbackSmsOnFailed(), c.correlationId(), c.idempotency());
    }

    /** A message object read in the contract's field order: JSON type errors are reported in the order fields are read. */
    private static SendMessageCommand command(Context ctx, Caller caller, JsonBody body, String correlationId,
            Optional<SendMessageCommand.IdempotencyKey> key) {
        Optional<String> message = body.string("message");
        Optional<String> messageType = body.string("messageType");
        Optional<String> fromLineId = body.string("fromLineId");
        var recipient = new SendMessageCommand.Recipient(
                body.string("leadId"),
                body.string("recipientPhone"),
                body.string("recipientEmail"),
                body.string("recipientName"),
                List.of(body.string("altPhone1"), body.string("altPhone2"), body.string("altPhone3")),
                List.of(body.string("altEmail1"), body.string("altEmail2"), body.string("altEmail3")));
        var schedule = new SendMessageCommand.Schedule(
                body.string("scheduledDate"),
                body.string("timezone"),
                body.string("sendWindowStart"),
                body.string("sendWindowEnd"),
                body.scalarArray("allowedDaysOfWeek"));
        Optional<String> batchId = body.string("batchId");
        var content = new SendMessageCommand.Content(message, messageType, body.string("subject"));
        return new SendMessageCommand(
                caller,
                caller.actor(ctx.ip(), correlationId),
                content,
                recipient,
                schedule,
                fromLineId,
                batchId,
                body.bool("sendFallbackSmsOnFailed").orElse(false),
                correlationId,
                key);
    }

    private void list(Context ctx) {
        Caller caller = ApiAuth.caller(ctx);
        MessageListParams params = MessageListParams.parse(ctx::queryParam);
        var page = list.list(caller, params.filter(), params.limit(), params.cursor());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("messages", page.messages().stream().map(m -> MessageJson.from(m, clock.instant())).toList());
        body.put("nextCursor", page.next().map(MessageListParams::encodeCursor).orElse(null));
        Responses.json(ctx, 200, body);
    }
}
