package ai.tuco.archfixture.guiceinadapter.adapters.http.alpha;

import com.google.inject.Injector;

/** Breaks: an adapter using Guice. */
public final class OrderRoutes {
    public Object routes(Injector injector) {
        return injector.getInstance(Object.class);
    }
}
