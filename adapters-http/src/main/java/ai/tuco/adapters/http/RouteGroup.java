package ai.tuco.adapters.http;

import io.javalin.config.RoutesConfig;

/** A set of related routes (health, messages, ...), registered inside {@code Javalin.create}. */
public interface RouteGroup {
    void register(RoutesConfig routes);
}
