package ai.tuco.archfixture.javalininpersistence.adapters.persistence.alpha;

import io.javalin.http.Context;

/** Breaks: Javalin outside the HTTP adapter. */
public final class OrderStore {
    public void save(Context ctx) {
        ctx.result("saved");
    }
}
