package ai.tuco.adapters.http.reply;

import ai.tuco.adapters.http.RouteGroup;
import ai.tuco.adapters.http.shared.JsonBody;
import ai.tuco.adapters.http.shared.Paging;
import ai.tuco.adapters.http.shared.Responses;
import ai.tuco.adapters.http.workspace.ApiAuth;
import ai.tuco.application.reply.port.in.ListRepliesQuery;
import ai.tuco.application.reply.port.in.ListRepliesQuery.ReplyFilter;
import ai.tuco.application.reply.port.in.SimulateReplyUseCase;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.PageRequest;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.ObjectIds;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code GET /api/replies} (members: the workspace's replies, newest first, with each one's conversation) and
 * {@code POST /api/sandbox/replies} (admins: a simulated reply on a sandbox line).
 */
public final class ReplyRoutes implements RouteGroup {
    private final ListRepliesQuery query;
    private final SimulateReplyUseCase sandbox;
    private final Clock clock;

    public ReplyRoutes(ListRepliesQuery query, SimulateReplyUseCase sandbox, Clock clock) {
        this.query = query;
        this.sandbox = sandbox;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/replies", this::list);
        routes.post("/api/sandbox/replies", ctx -> {
            Caller caller = ApiAuth.caller(ctx);
            JsonBody body = JsonBody.read(ctx);
            Optional<String> lineId = body.string("lineId");
            Optional<String> from = body.string("from");
            Optional<String> message = body.string("message");
            body.requireWellTyped();
            var recorded = sandbox.simulate(caller, ApiAuth.actor(ctx), lineId, from, message);
            Responses.json(ctx, 201, Responses.ok("reply", ReplyJson.from(recorded.reply())));
        });
    }

    private void list(Context ctx) {
        Caller caller = ApiAuth.caller(ctx);
        List<FieldError> errors = new ArrayList<>();
        Optional<LeadId> lead = param(ctx, "leadId", errors, "a 24-character hex id", s -> ObjectIds.isValid(s) ? new LeadId(s) : null);
        Optional<LineId> line = param(ctx, "lineId", errors, "a 24-character hex id", s -> ObjectIds.isValid(s) ? new LineId(s) : null);
        Optional<MessageId> message = param(ctx, "messageId", errors, "a 24-character hex id",
                s -> ObjectIds.isValid(s) ? new MessageId(s) : null);
        Optional<String> phone = param(ctx, "recipientPhone", errors, "a phone number", Function.identity());
        Optional<String> email = param(ctx, "recipientEmail", errors, "an email address", Function.identity());
        Optional<Instant> from = param(ctx, "dateFrom", errors, "an ISO-8601 date-time with offset", ReplyRoutes::instant);
        Optional<Instant> to = param(ctx, "dateTo", errors, "an ISO-8601 date-time with offset", ReplyRoutes::instant);
        PageRequest page = PageRequest.first();
        try {
            page = Paging.pageRequest(ctx);
        } catch (UseCaseException e) {
            errors.addAll(e.details());
        }
        if (!errors.isEmpty()) {
            throw UseCaseException.invalid(errors);
        }
        var result = query.list(caller, new ReplyFilter(lead, line, message, phone, email, from, to), page);
        Instant now = clock.instant();
        Responses.json(ctx, 200, Responses.page("replies", result.replies().stream().map(v -> ReplyJson.from(v, now)).toList(),
                result.page(), result.limit(), result.totalCount(), result.totalPages()));
    }

    private static <T> Optional<T> param(Context ctx, String name, List<FieldError> errors, String expected,
            Function<String, T> parser) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        T value = raw.length() > 320 ? null : parser.apply(raw.strip());
        if (value == null) {
            errors.add(new FieldError(name, name + " must be " + expected));
        }
        return Optional.ofNullable(value);
    }

    private static Instant instant(String raw) {
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
