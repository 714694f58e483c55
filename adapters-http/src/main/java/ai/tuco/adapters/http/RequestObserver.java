package ai.tuco.adapters.http;

import io.javalin.http.Context;

/** Told of every answered request (after its log line), for request metrics. */
@FunctionalInterface
public interface RequestObserver {
    /** The route of a request no route matches (an unknown path, or a method the path does not take). */
    String UNMATCHED = "unmatched";

    RequestObserver NONE = (ctx, route, millis) -> {};

    /**
     * @param route the template of the route the request's method and path match ({@code /api/messages/{id}}), also
     *     when a filter refused it before its handler ran (401, 429), else {@link #UNMATCHED}; never the raw path
     */
    void answered(Context ctx, String route, float millis);
}
