package ai.tuco.bootstrap;

import ai.tuco.adapters.delivery.net.GuardedSocketFactory;
import ai.tuco.adapters.delivery.net.NetworkPolicy;
import ai.tuco.adapters.delivery.net.OutboundHttp;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import javax.net.SocketFactory;
import okhttp3.Dns;
import okhttp3.OkHttpClient;

/**
 * The outbound-network guard (ADR 13): one {@link NetworkPolicy} from {@code TUCO_ALLOW_PRIVATE_NETWORKS}, one guarded
 * OkHttp client (webhooks and provider clients derive their timeouts from it with {@code newBuilder()}, sharing its
 * connection pool) and one guarded plain {@link SocketFactory} for SMTP ({@link GuardedSocketFactory#mailProperties}).
 */
final class NetworkModule extends AbstractModule {
    private final NetworkPolicy policy;

    NetworkModule(NetworkPolicy policy) {
        this.policy = policy;
    }

    @Provides @Singleton NetworkPolicy policy() {
        return policy;
    }

    @Provides @Singleton OkHttpClient outboundHttp(NetworkPolicy policy) {
        return OutboundHttp.client(policy, Dns.SYSTEM);
    }

    @Provides @Singleton GuardedSocketFactory guardedSockets(NetworkPolicy policy) {
        return new GuardedSocketFactory(policy);
    }

    @Provides SocketFactory socketFactory(GuardedSocketFactory sockets) {
        return sockets;
    }
}
