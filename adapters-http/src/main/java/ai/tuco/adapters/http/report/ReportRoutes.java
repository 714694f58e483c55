package ai.tuco.adapters.http.report;

import ai.tuco.adapters.http.RouteGroup;
import ai.tuco.adapters.http.shared.JsonSupport;
import ai.tuco.adapters.http.shared.Responses;
import ai.tuco.adapters.http.workspace.ApiAuth;
import ai.tuco.application.report.port.in.MessageReport;
import ai.tuco.application.report.port.in.MessageReport.Figures;
import ai.tuco.application.report.port.in.MessageReport.Latency;
import ai.tuco.application.report.port.in.MessageReportQuery;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.message.MessageStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/reports/messages} (members and admins): counts, delivery rate, failure reasons and times, by group. */
public final class ReportRoutes implements RouteGroup {
    private final MessageReportQuery reports;

    public ReportRoutes(MessageReportQuery reports) {
        this.reports = reports;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/reports/messages", this::messages);
    }

    private void messages(Context ctx) {
        Caller caller = ApiAuth.caller(ctx);
        MessageReport report = reports.report(caller, MessageReportParams.parse(ctx::queryParam));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("from", JsonSupport.time(report.from()));
        body.put("to", JsonSupport.time(report.to()));
        body.put("groupBy", report.groupBy().wireName());
        body.put("timezone", report.timezone().getId());
        body.put("rows", report.rows().stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", r.key().orElse(null));
            row.putAll(json(r.figures()));
            return row;
        }).toList());
        body.put("totals", json(report.totals()));
        Responses.json(ctx, 200, body);
    }

    static Map<String, Object> json(Figures f) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("total", f.total());
        Map<String, Object> counts = new LinkedHashMap<>();
        for (MessageStatus s : MessageStatus.values()) {
            counts.put(s.wireName(), f.counts().get(s));
        }
        json.put("counts", counts);
        json.put("deliveryRate", f.deliveryRate().isPresent() ? f.deliveryRate().getAsDouble() : null);
        json.put("failureReasons", f.failureReasons().stream().map(r -> {
            Map<String, Object> reason = new LinkedHashMap<>();
            reason.put("errorCode", r.errorCode());
            reason.put("count", r.count());
            return reason;
        }).toList());
        json.put("acceptToSent", json(f.acceptToSent()));
        json.put("acceptToDelivered", json(f.acceptToDelivered()));
        return json;
    }

    private static Map<String, Object> json(Latency l) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("medianMs", l.medianMs().isPresent() ? l.medianMs().getAsLong() : null);
        json.put("p90Ms", l.p90Ms().isPresent() ? l.p90Ms().getAsLong() : null);
        return json;
    }
}
