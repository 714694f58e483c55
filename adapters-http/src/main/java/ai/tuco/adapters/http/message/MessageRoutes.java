package ai.tuco.adapters.http.message;

import ai.tuco.adapters.http.HttpServer;
import ai.tuco.adapters.http.IdempotencyKeys;
import ai.tuco.adapters.http.RouteGroup;
import ai.tuco.adapters.http.shared.Ids;
import ai.tuco.adapters.http.shared.JsonBody;
import ai.tuco.adapters.http.shared.Responses;
import ai.tuco.adapters.http.workspace.ApiAuth;
import ai.tuco.application.message.port.in.CancelMessageUseCase;
import ai.tuco.application.message.port.in.ExportMessagesQuery;
import ai.tuco.application.message.port.in.GetMessageQuery;
import ai.tuco.application.message.port.in.ListMessagesQuery;
import ai.tuco.application.message.port.in.SendMessageCommand;
import ai.tuco.application.message.port.in.SendMessageUseCase;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.shared.MessageId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code /api/messages}: accept, read, list, export, history, cancel. */
public final class MessageRoutes implements RouteGroup {
    private static final Pattern SAFE_CORRELATION = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private final SendMessageUseCase send;
    private final GetMessageQuery get;
    private final ListMessagesQuery list;
    private final CancelMessageUseCase cancel;
    private final MessageExport export;
    private final Clock clock;

    public MessageRoutes(SendMessageUseCase send, GetMessageQuery get, ListMessagesQuery list, CancelMessageUseCase cancel,
            ExportMessagesQuery export, Clock clock) {
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
        String correlationId = body.string("correlationId")
                .filter(c -> SAFE_CORRELATION.matcher(c).matches())
                .orElse(HttpServer.correlationId(ctx));
        HttpServer.useCorrelationId(ctx, correlationId);
        // Read in the contract's field order: JSON type errors are reported in the order the fields are read.
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
        var command = new SendMessageCommand(
                caller,
                caller.actor(ctx.ip(), correlationId),
                content,
                recipient,
                schedule,
                fromLineId,
                batchId,
                body.bool("sendFallbackSmsOnFailed").orElse(false),
                correlationId,
                Optional.ofNullable(ctx.header(IdempotencyKeys.HEADER)));
        body.requireWellTyped();
        var sent = send.send(command);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("success", true);
        response.put("leadId", sent.leadId().value());
        response.put("duplicateOnly", sent.duplicateOnly());
        response.put("message", MessageJson.from(sent.message(), clock.instant()));
        Responses.json(ctx, 201, response);
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
