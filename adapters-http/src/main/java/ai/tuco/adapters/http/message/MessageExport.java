package ai.tuco.adapters.http.message;

import ai.tuco.adapters.http.shared.ExportStream.Column;
import ai.tuco.adapters.http.shared.ExportStream;
import ai.tuco.adapters.http.workspace.ApiAuth;
import ai.tuco.application.message.port.in.ExportMessagesQuery;
import ai.tuco.application.message.port.in.MessageFilter;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /api/messages/export?format=csv|ndjson} with the list's filters: every match, streamed. */
final class MessageExport {
    /** The message object's fields in its order, {@code settings} flattened (README, "Exports"). */
    static final List<Column> COLUMNS = List.of(
            Column.field("_id"), Column.field("workspaceId"), Column.field("message"), Column.field("renderedMessage"),
            Column.field("messageType"), Column.field("status"), Column.field("fromLineId"), Column.phone("fromLinePhone"),
            Column.field("fromLineEmail"), Column.field("leadId"), Column.phone("recipientPhone"), Column.field("recipientEmail"),
            Column.field("recipientName"), Column.field("subject"), Column.field("scheduledDate"),
            Column.nested("settings", "timezone"), Column.nested("settings", "sendWindowStart"),
            Column.nested("settings", "sendWindowEnd"), Column.nested("settings", "allowedDaysOfWeek"),
            Column.field("batchId"), Column.field("correlationId"), Column.field("createdByUserId"),
            Column.field("externalMessageId"), Column.field("errorCode"), Column.field("errorMessage"),
            Column.field("checkedAddresses"), Column.field("sendFallbackSmsOnFailed"), Column.field("fallbackMessageId"),
            Column.field("sentAt"), Column.field("deliveredAt"), Column.field("readAt"), Column.field("createdAt"),
            Column.field("updatedAt"), Column.field("replyCount"), Column.field("lastReplyAt"));

    private final ExportMessagesQuery export;
    private final Clock clock;

    MessageExport(ExportMessagesQuery export, Clock clock) {
        this.export = export;
        this.clock = clock;
    }

    void handle(Context ctx) throws Exception {
        Caller caller = ApiAuth.caller(ctx);
        List<FieldError> errors = new ArrayList<>();
        ExportStream.Format format = ExportStream.Format.parse(ctx.queryParam("format"), errors);
        MessageFilter filter = MessageListParams.filter(ctx::queryParam, errors);
        if (!errors.isEmpty()) {
            throw UseCaseException.invalid(errors);
        }
        ExportStream.respond(ctx, clock, "messages", format, COLUMNS, out -> export.export(caller, filter, (page, readAt) -> {
            for (var view : page) {
                out.row(MessageJson.from(view, readAt));
            }
        }));
    }
}
