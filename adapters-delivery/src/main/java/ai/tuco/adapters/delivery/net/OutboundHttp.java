package ai.tuco.adapters.delivery.net;

import java.net.Proxy;
import java.util.Objects;
import okhttp3.Dns;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * The one way to build an HTTP client that calls out to addresses users choose (webhook receivers, provider APIs):
 * OkHttp with the SSRF guard at three points.
 * <ol>
 *   <li>an interceptor refuses numeric hosts that are not plain dotted quads ({@code 0177.0.0.1}, {@code 2130706433});</li>
 *   <li>{@link GuardedDns} filters what the resolver answers;</li>
 *   <li>{@link GuardedSocketFactory} checks the address at connect time: it alone sees IP-literal hosts (OkHttp parses
 *       those itself and never calls {@code Dns}), and it catches a resolver that answers differently the second time
 *       (DNS rebinding).</li>
 * </ol>
 * No proxy (a proxy would be the only address checked), and redirects are not followed (a public receiver could send
 * the client on to an internal URL; callers see the 3xx).
 *
 * <p>Callers derive their timeouts with {@code client.newBuilder()}, which keeps the guard, and share the client's
 * connection pool and dispatcher. A refused call fails with {@link BlockedAddressException} (an {@code IOException}).
 */
public final class OutboundHttp {
    private OutboundHttp() {}

    /** A guarded client resolving through {@code resolver} (production: {@link Dns#SYSTEM}). */
    public static OkHttpClient client(NetworkPolicy policy, Dns resolver) {
        return client(policy, resolver, new GuardedSocketFactory(policy));
    }

    static OkHttpClient client(NetworkPolicy policy, Dns resolver, GuardedSocketFactory sockets) {
        Objects.requireNonNull(policy);
        return new OkHttpClient.Builder()
                .proxy(Proxy.NO_PROXY)
                .followRedirects(false)
                // OkHttp would silently repeat a request whose kept-alive connection broke after it was written: for a
                // send that is a duplicate message. Callers see the failure and reconcile instead.
                .retryOnConnectionFailure(false)
                .followSslRedirects(false)
                .dns(new GuardedDns(policy, resolver))
                .socketFactory(sockets)
                .addInterceptor(hostSpelling())
                .build();
    }

    private static Interceptor hostSpelling() {
        return chain -> {
            HostSpelling.check(chain.request().url().host());
            return chain.proceed(chain.request());
        };
    }
}
