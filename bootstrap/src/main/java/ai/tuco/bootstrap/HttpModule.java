package ai.tuco.bootstrap;

import ai.tuco.adapters.http.HttpServer;
import ai.tuco.adapters.http.IdempotencyKeys;
import ai.tuco.adapters.http.RateLimits;
import ai.tuco.adapters.http.RouteGroup;
import ai.tuco.adapters.http.audit.AuditLogRoutes;
import ai.tuco.adapters.http.callback.CallbackRoutes;
import ai.tuco.adapters.http.dashboard.DashboardRoutes;
import ai.tuco.adapters.http.donotcontact.DoNotContactRoutes;
import ai.tuco.adapters.http.lead.LeadRoutes;
import ai.tuco.adapters.http.line.LineRoutes;
import ai.tuco.adapters.http.message.MessageRoutes;
import ai.tuco.adapters.http.report.ReportRoutes;
import ai.tuco.adapters.http.metrics.HttpRequestMetrics;
import ai.tuco.adapters.http.metrics.MetricsRoutes;
import ai.tuco.adapters.http.metrics.MicrometerMetrics;
import ai.tuco.adapters.http.reply.ReplyRoutes;
import ai.tuco.adapters.http.reply.UnsubscribeRoutes;
import ai.tuco.adapters.http.shared.ApiDocsRoutes;
import ai.tuco.adapters.http.shared.HealthRoutes;
import ai.tuco.adapters.http.workspace.ApiAuth;
import ai.tuco.adapters.http.webhook.WebhookRoutes;
import ai.tuco.adapters.http.workspace.ApiKeyRoutes;
import ai.tuco.application.webhook.port.in.ManageWebhooksUseCase;
import ai.tuco.application.webhook.port.in.WebhookDeliveriesQuery;
import ai.tuco.application.webhook.port.in.WebhookHealthCheckUseCase;
import ai.tuco.adapters.http.workspace.ClerkTokenVerifier;
import ai.tuco.application.audit.port.in.ListAuditLogsQuery;
import ai.tuco.application.donotcontact.port.in.DoNotContactUseCase;
import ai.tuco.application.idempotency.port.in.IdempotencyUseCase;
import ai.tuco.application.lead.port.in.CheckAvailabilityUseCase;
import ai.tuco.application.lead.port.in.DeleteLeadsUseCase;
import ai.tuco.application.lead.port.in.ExportLeadsQuery;
import ai.tuco.application.lead.port.in.ImportLeadsUseCase;
import ai.tuco.application.lead.port.in.LeadQuery;
import ai.tuco.application.lead.port.in.UpdateLeadUseCase;
import ai.tuco.application.callback.port.in.HandleCallbackUseCase;
import ai.tuco.application.line.port.in.CheckLineHealthUseCase;
import ai.tuco.application.line.port.in.CreateLineUseCase;
import ai.tuco.application.line.port.in.LineStatusQuery;
import ai.tuco.application.line.port.in.ListLinesQuery;
import ai.tuco.application.line.port.in.ManageLinesUseCase;
import ai.tuco.application.message.port.in.CancelMessageUseCase;
import ai.tuco.application.message.port.in.ExportMessagesQuery;
import ai.tuco.application.message.port.in.GetMessageQuery;
import ai.tuco.application.message.port.in.ListMessagesQuery;
import ai.tuco.application.message.port.in.SendMessageUseCase;
import ai.tuco.application.reply.port.in.ListRepliesQuery;
import ai.tuco.application.reply.port.in.SimulateReplyUseCase;
import ai.tuco.application.reply.port.in.UnsubscribeUseCase;
import ai.tuco.application.report.port.in.MessageReportQuery;
import ai.tuco.application.shared.port.in.CheckReadinessQuery;
import ai.tuco.application.workspace.port.in.AuthenticateUseCase;
import ai.tuco.application.workspace.port.in.ManageApiKeysUseCase;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The HTTP adapter and its route groups. */
final class HttpModule extends AbstractModule {
    private final Config config;

    HttpModule(Config config) {
        this.config = config;
    }

    @Provides @Singleton Optional<ClerkTokenVerifier> clerk(Clock clock) {
        if (!ClerkTokenVerifier.isConfigured(config.clerkJwksUrl().map(URI::create), config.clerkPemPublicKey())) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ClerkTokenVerifier(config.clerkJwksUrl().map(URI::create), config.clerkPemPublicKey(),
                    config.clerkAuthorizedParties(), clock));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("TUCO_CLERK_PEM_PUBLIC_KEY", e.getMessage());
        }
    }

    @Provides @Singleton List<RouteGroup> routeGroups(
            CheckReadinessQuery readiness, AuthenticateUseCase authenticate, Optional<ClerkTokenVerifier> clerk, SendMessageUseCase send, GetMessageQuery get,
            ListMessagesQuery list, CancelMessageUseCase cancel, ListLinesQuery lines, Clock clock,
            ImportLeadsUseCase importLeads, LeadQuery leadQuery, UpdateLeadUseCase updateLead, DeleteLeadsUseCase deleteLeads,
            CreateLineUseCase createLine, ManageLinesUseCase manageLines, ManageApiKeysUseCase apiKeys, DoNotContactUseCase dnc,
            IdempotencyUseCase idempotency, CheckAvailabilityUseCase availability, ListAuditLogsQuery auditLogs,
            MicrometerMetrics metrics, ExportMessagesQuery exportMessages, ExportLeadsQuery exportLeads,
            ManageWebhooksUseCase webhooks, WebhookHealthCheckUseCase webhookHealth, WebhookDeliveriesQuery webhookDeliveries,
            LineStatusQuery lineStatuses, CheckLineHealthUseCase lineHealth, HandleCallbackUseCase callbacks,
            MessageReportQuery reports, ListRepliesQuery replies, SimulateReplyUseCase simulateReply,
            UnsubscribeUseCase unsubscribe) {
        RateLimits rateLimits = new RateLimits(config.rateLimitPerMinute(), metrics::rateLimited);
        return List.of(
                new HealthRoutes(readiness),
                new ApiDocsRoutes(),
                new DashboardRoutes(),
                new MetricsRoutes(metrics, config.metricsToken()),
                new ApiAuth(authenticate, clerk),
                rateLimits,
                new IdempotencyKeys(idempotency),
                new MessageRoutes(send, get, list, cancel, exportMessages, clock, rateLimits),
                new LineRoutes(lines, createLine, manageLines, lineStatuses, lineHealth),
                new CallbackRoutes(callbacks, config.publicUrl()),
                new LeadRoutes(importLeads, leadQuery, updateLead, deleteLeads, availability, exportLeads, clock),
                new ApiKeyRoutes(apiKeys),
                new DoNotContactRoutes(dnc),
                new AuditLogRoutes(auditLogs),
                new WebhookRoutes(webhooks, webhookHealth, webhookDeliveries),
                new ReportRoutes(reports),
                new ReplyRoutes(replies, simulateReply, clock),
                new UnsubscribeRoutes(unsubscribe));
    }

    @Provides @Singleton HttpServer httpServer(List<RouteGroup> groups, MicrometerMetrics metrics) {
        return new HttpServer("0.0.0.0", config.port(), groups, new HttpRequestMetrics(metrics));
    }
}
