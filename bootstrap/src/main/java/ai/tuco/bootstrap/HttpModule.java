package ai.tuco.bootstrap;

import ai.tuco.adapters.http.AdminRoutes;
import ai.tuco.adapters.http.ApiAuth;
import ai.tuco.adapters.http.HealthRoutes;
import ai.tuco.adapters.http.LeadRoutes;
import ai.tuco.adapters.http.LineRoutes;
import ai.tuco.adapters.http.MessageRoutes;
import ai.tuco.adapters.http.HttpServer;
import ai.tuco.adapters.http.RouteGroup;
import ai.tuco.application.port.in.AuthenticateUseCase;
import ai.tuco.application.port.in.CancelMessageUseCase;
import ai.tuco.application.port.in.CheckReadinessQuery;
import ai.tuco.application.port.in.DeleteLeadsUseCase;
import ai.tuco.application.port.in.DoNotContactUseCase;
import ai.tuco.application.port.in.ImportLeadsUseCase;
import ai.tuco.application.port.in.LeadQuery;
import ai.tuco.application.port.in.ManageApiKeysUseCase;
import ai.tuco.application.port.in.ManageLinesUseCase;
import ai.tuco.application.port.in.UpdateLeadUseCase;
import ai.tuco.application.port.in.GetMessageQuery;
import ai.tuco.application.port.in.ListLinesQuery;
import ai.tuco.application.port.in.ListMessagesQuery;
import ai.tuco.application.port.in.SendMessageUseCase;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Clock;
import java.util.List;

/** The HTTP adapter and its route groups. */
final class HttpModule extends AbstractModule {
    private final int port;

    HttpModule(int port) {
        this.port = port;
    }

    @Provides @Singleton List<RouteGroup> routeGroups(
            CheckReadinessQuery readiness, AuthenticateUseCase authenticate, SendMessageUseCase send, GetMessageQuery get,
            ListMessagesQuery list, CancelMessageUseCase cancel, ListLinesQuery lines, Clock clock,
            ImportLeadsUseCase importLeads, LeadQuery leadQuery, UpdateLeadUseCase updateLead, DeleteLeadsUseCase deleteLeads,
            ManageLinesUseCase manageLines, ManageApiKeysUseCase apiKeys, DoNotContactUseCase dnc) {
        return List.of(
                new HealthRoutes(readiness),
                new ApiAuth(authenticate),
                new MessageRoutes(send, get, list, cancel, clock),
                new LineRoutes(lines),
                new LeadRoutes(importLeads, leadQuery, updateLead, deleteLeads),
                new AdminRoutes(manageLines, apiKeys, dnc));
    }

    @Provides @Singleton HttpServer httpServer(List<RouteGroup> groups) {
        return new HttpServer("0.0.0.0", port, groups);
    }
}
