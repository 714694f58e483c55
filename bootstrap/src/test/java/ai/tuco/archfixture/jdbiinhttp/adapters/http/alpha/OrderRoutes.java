package ai.tuco.archfixture.jdbiinhttp.adapters.http.alpha;

import org.jdbi.v3.core.Jdbi;

/** Breaks: Jdbi outside the persistence adapter. */
public final class OrderRoutes {
    public void place(Jdbi jdbi) {
        jdbi.useHandle(h -> h.execute("SELECT 1"));
    }
}
