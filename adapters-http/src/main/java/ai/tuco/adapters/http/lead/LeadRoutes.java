package ai.tuco.adapters.http.lead;

import ai.tuco.adapters.http.RouteGroup;
import ai.tuco.adapters.http.shared.Ids;
import ai.tuco.adapters.http.shared.JsonBody;
import ai.tuco.adapters.http.shared.JsonSupport;
import ai.tuco.adapters.http.shared.Paging;
import ai.tuco.adapters.http.shared.Responses;
import ai.tuco.adapters.http.workspace.ApiAuth;
import ai.tuco.application.lead.port.in.CheckAvailabilityUseCase;
import ai.tuco.application.lead.port.in.DeleteLeadsUseCase;
import ai.tuco.application.lead.port.in.ExportLeadsQuery;
import ai.tuco.application.lead.port.in.ImportLeadsUseCase.ImportLeadsCommand;
import ai.tuco.application.lead.port.in.ImportLeadsUseCase;
import ai.tuco.application.lead.port.in.LeadChanges;
import ai.tuco.application.lead.port.in.LeadInput;
import ai.tuco.application.lead.port.in.LeadQuery;
import ai.tuco.application.lead.port.in.UpdateLeadUseCase;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.lead.Availability;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.ObjectIds;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code /api/leads}: bulk import, search, export, read, update, delete. */
public final class LeadRoutes implements RouteGroup {
    private final ImportLeadsUseCase importLeads;
    private final LeadQuery query;
    private final UpdateLeadUseCase update;
    private final DeleteLeadsUseCase delete;

    private final CheckAvailabilityUseCase availability;
    private final LeadExport export;

    public LeadRoutes(ImportLeadsUseCase importLeads, LeadQuery query, UpdateLeadUseCase update, DeleteLeadsUseCase delete,
            CheckAvailabilityUseCase availability, ExportLeadsQuery export, Clock clock) {
        this.availability = availability;
        this.export = new LeadExport(export, clock);
        this.importLeads = importLeads;
        this.query = query;
        this.update = update;
        this.delete = delete;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/leads", this::create);
        routes.get("/api/leads", this::read);
        routes.get("/api/leads/export", export::handle);
        routes.get("/api/leads/check-availability", ctx -> {
            Caller caller = ApiAuth.caller(ctx);
            String id = ctx.queryParam("id");
            if (id == null || id.isBlank()) {
                throw UseCaseException.invalid("id", "id is required: the lead to check");
            }
            var checked = availability.check(caller, Ids.parse(id, LeadId::new, "Lead"));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", true);
            body.put("leadId", checked.leadId().value());
            body.put("available", checked.available());
            body.put("status", checked.status().wireName());
            Responses.json(ctx, 200, body);
        });
        routes.patch("/api/leads/{id}", ctx -> {
            Caller caller = ApiAuth.caller(ctx);
            JsonBody body = JsonBody.read(ctx);
            LeadInput changes = input(body);
            body.requireWellTyped();
            // the body's errors (400) before the lookup (404), in the contract's order
            LeadChanges checked = update.check(caller, changes);
            Lead lead = update.update(caller, ApiAuth.actor(ctx), Ids.parse(ctx.pathParam("id"), LeadId::new, "Lead"), checked);
            Responses.json(ctx, 200, Responses.ok("lead", json(lead)));
        });
        routes.delete("/api/leads", ctx -> {
            Caller caller = ApiAuth.caller(ctx);
            JsonBody body = JsonBody.read(ctx);
            Optional<List<String>> ids = body.stringArray("ids");
            body.requireWellTyped();
            if (ids.isEmpty()) {
                throw UseCaseException.invalid("ids", "ids is required: an array of lead ids");
            }
            // a read-only workspace hears READ_ONLY before any complaint about the ids
            caller.requireWritable();
            if (ids.get().size() > DeleteLeadsUseCase.MAX_IDS) {
                throw UseCaseException.invalid("ids", "ids must hold at most " + DeleteLeadsUseCase.MAX_IDS + " entries");
            }
            // malformed ids name no lead: skipped like unknown ones
            List<LeadId> valid = ids.get().stream().filter(ObjectIds::isValid).map(LeadId::new).toList();
            int deleted = delete.delete(caller, ApiAuth.actor(ctx), valid);
            Responses.json(ctx, 200, Responses.ok("deletedCount", deleted));
        });
    }

    /** A malformed id names no lead: the same 404 as an unknown one. */

    static LeadInput input(JsonBody b) {
        Optional<Map<String, String>> custom = b.scalarObject("customFields")
                .map(m -> m.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> scalarText(e.getValue()),
                        (x, y) -> y, LinkedHashMap::new)));
        return new LeadInput(b.string("firstName"), b.string("lastName"), b.string("email"), b.string("phone"),
                b.string("companyName"), b.string("jobTitle"), b.string("notes"), custom,
                List.of(b.string("altPhone1"), b.string("altPhone2"), b.string("altPhone3")),
                List.of(b.string("altEmail1"), b.string("altEmail2"), b.string("altEmail3")),
                b.string("listId"));
    }

    private static String scalarText(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(v);
    }

    private void create(Context ctx) {
        Caller caller = ApiAuth.caller(ctx);
        JsonBody body = JsonBody.read(ctx);
        Optional<List<Optional<JsonBody>>> entries = body.objectArray("leads", ImportLeadsUseCase.MAX_LEADS);
        Optional<String> listId = body.string("listId");
        Optional<String> source = body.string("source");
        Optional<String> country = body.string("defaultCountryCode");
        body.requireWellTyped();
        if (entries.isEmpty() || entries.get().isEmpty()) {
            throw UseCaseException.invalid("leads", "leads is required: an array of 1 to " + ImportLeadsUseCase.MAX_LEADS + " leads");
        }
        List<LeadInput> inputs = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (int i = 0; i < entries.get().size(); i++) {
            Optional<JsonBody> entry = entries.get().get(i);
            if (entry.isEmpty()) {
                errors.add(entryError(i, "leads[" + i + "]", "each lead must be an object"));
                continue;
            }
            LeadInput in = input(entry.get());
            if (!entry.get().errors().isEmpty()) {
                for (FieldError e : entry.get().errors()) {
                    errors.add(entryError(i, "leads[" + i + "]." + e.field(), e.message()));
                }
                continue;
            }
            inputs.add(in);
            positions.add(i);
        }
        ImportLeadsUseCase.ImportResult result = inputs.isEmpty()
                ? new ImportLeadsUseCase.ImportResult(List.of(), List.of(), 0, 0, List.of())
                : importLeads.importLeads(new ImportLeadsCommand(caller, ApiAuth.actor(ctx),
                        inputs, listId, source, country));
        for (var e : result.errors()) {
            int original = positions.get(e.index());
            errors.add(entryError(original, e.field().replaceFirst("^leads\\[\\d+]", "leads[" + original + "]"), e.message()));
        }
        errors.sort((a, b) -> Integer.compare((int) a.get("index"), (int) b.get("index")));
        if (result.leadIds().isEmpty() && result.existingLeadIds().isEmpty()) {
            throw UseCaseException.invalid(errors.stream()
                    .map(e -> new FieldError((String) e.get("field"), (String) e.get("message"))).toList());
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("success", true);
        response.put("leadIds", result.leadIds().stream().map(LeadId::value).toList());
        response.put("existingLeadIds", result.existingLeadIds().stream().map(LeadId::value).toList());
        response.put("duplicateCount", result.duplicateCount());
        response.put("totalProcessed", entries.get().size());
        response.put("duplicateOnly", result.leadIds().isEmpty() && result.duplicateCount() > 0);
        response.put("errors", errors);
        Responses.json(ctx, result.leadIds().isEmpty() ? 200 : 201, response);
    }

    private static Map<String, Object> entryError(int index, String field, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("index", index);
        e.put("field", field);
        e.put("message", message);
        return e;
    }

    private void read(Context ctx) {
        Caller caller = ApiAuth.caller(ctx);
        String id = ctx.queryParam("id");
        if (id != null) {
            Responses.json(ctx, 200, Responses.ok("lead", json(query.get(caller, Ids.parse(id, LeadId::new, "Lead")))));
            return;
        }
        var page = query.search(caller, Optional.ofNullable(ctx.queryParam("search")).map(String::strip).filter(s -> !s.isEmpty()),
                Optional.ofNullable(ctx.queryParam("listId")).filter(s -> !s.isEmpty()), Paging.pageRequest(ctx));
        Responses.json(ctx, 200, Responses.page("leads", page.leads().stream().map(LeadRoutes::json).toList(),
                page.page(), page.limit(), page.totalCount(), page.totalPages()));
    }

    static Map<String, Object> json(Lead l) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_id", l.id().value());
        json.put("workspaceId", l.workspaceId().value());
        json.put("firstName", l.firstName());
        json.put("lastName", l.lastName());
        json.put("email", l.email().map(EmailAddress::value).orElse(null));
        json.put("phone", l.phone().map(E164Phone::value).orElse(null));
        for (int i = 0; i < 3; i++) {
            json.put("altPhone" + (i + 1), i < l.altPhones().size() ? l.altPhones().get(i).value() : null);
        }
        for (int i = 0; i < 3; i++) {
            json.put("altEmail" + (i + 1), i < l.altEmails().size() ? l.altEmails().get(i).value() : null);
        }
        json.put("companyName", l.companyName());
        json.put("jobTitle", l.jobTitle());
        json.put("notes", l.notes());
        json.put("customFields", l.customFields());
        json.put("listId", l.listId().orElse(null));
        json.put("source", l.source());
        json.put("availabilityStatus", l.availability().map(Availability::wireName).orElse(null));
        json.put("createdAt", JsonSupport.time(l.createdAt()));
        json.put("updatedAt", JsonSupport.time(l.updatedAt()));
        json.put("lastReplyAt", l.lastReplyAt().map(JsonSupport::time).orElse(null));
        return json;
    }
}
