package ai.tuco.bootstrap;

import ai.tuco.adapters.http.HealthRoutes;
import ai.tuco.adapters.http.HttpServer;
import ai.tuco.adapters.http.RouteGroup;
import ai.tuco.application.port.in.CheckReadinessQuery;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.List;

/** The HTTP adapter and its route groups. */
final class HttpModule extends AbstractModule {
    private final int port;

    HttpModule(int port) {
        this.port = port;
    }

    @Provides @Singleton List<RouteGroup> routeGroups(CheckReadinessQuery readiness) {
        return List.of(new HealthRoutes(readiness));
    }

    @Provides @Singleton HttpServer httpServer(List<RouteGroup> groups) {
        return new HttpServer("0.0.0.0", port, groups);
    }
}
