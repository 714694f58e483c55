package ai.tuco.adapters.http.lead;

import ai.tuco.adapters.http.shared.ExportStream.Column;
import ai.tuco.adapters.http.shared.ExportStream;
import ai.tuco.adapters.http.workspace.ApiAuth;
import ai.tuco.application.lead.port.in.ExportLeadsQuery;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code GET /api/leads/export?format=csv|ndjson} with the search's {@code search} and {@code listId}: every match, streamed. */
final class LeadExport {
    /** The lead object's fields in its order (README, "Exports"). */
    static final List<Column> COLUMNS = List.of(
            Column.field("_id"), Column.field("workspaceId"), Column.field("firstName"), Column.field("lastName"),
            Column.field("email"), Column.phone("phone"), Column.phone("altPhone1"), Column.phone("altPhone2"),
            Column.phone("altPhone3"), Column.field("altEmail1"), Column.field("altEmail2"), Column.field("altEmail3"),
            Column.field("companyName"), Column.field("jobTitle"), Column.field("notes"), Column.field("customFields"),
            Column.field("listId"), Column.field("source"), Column.field("availabilityStatus"), Column.field("createdAt"),
            Column.field("updatedAt"), Column.field("lastReplyAt"));

    private final ExportLeadsQuery export;
    private final Clock clock;

    LeadExport(ExportLeadsQuery export, Clock clock) {
        this.export = export;
        this.clock = clock;
    }

    void handle(Context ctx) throws Exception {
        Caller caller = ApiAuth.caller(ctx);
        List<FieldError> errors = new ArrayList<>();
        ExportStream.Format format = ExportStream.Format.parse(ctx.queryParam("format"), errors);
        if (!errors.isEmpty()) {
            throw UseCaseException.invalid(errors);
        }
        // read as the search reads them
        Optional<String> text = Optional.ofNullable(ctx.queryParam("search")).map(String::strip).filter(s -> !s.isEmpty());
        Optional<String> listId = Optional.ofNullable(ctx.queryParam("listId")).filter(s -> !s.isEmpty());
        ExportStream.respond(ctx, clock, "leads", format, COLUMNS, out -> export.export(caller, text, listId, page -> {
            for (var lead : page) {
                out.row(LeadRoutes.json(lead));
            }
        }));
    }
}
