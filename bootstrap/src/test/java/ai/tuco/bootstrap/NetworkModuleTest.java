package ai.tuco.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.tuco.adapters.delivery.net.BlockedAddressException;
import ai.tuco.adapters.delivery.net.GuardedSocketFactory;
import ai.tuco.adapters.delivery.net.NetworkPolicy;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import java.util.Map;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class NetworkModuleTest {
    @Test
    void theConfiguredPolicy_guardsTheSharedClientAndSocketFactory() {
        Config config = Config.from(Map.of("TUCO_ALLOW_PRIVATE_NETWORKS", "relay.lan"));
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new NetworkModule(config.allowPrivateNetworks()));

        assertThat(injector.getInstance(NetworkPolicy.class)).isEqualTo(NetworkPolicy.parse("relay.lan"));
        OkHttpClient client = injector.getInstance(OkHttpClient.class);
        assertThat(client).isSameAs(injector.getInstance(OkHttpClient.class));
        assertThat(client.socketFactory()).isInstanceOf(GuardedSocketFactory.class);
        assertThat(injector.getInstance(SocketFactory.class)).isSameAs(injector.getInstance(GuardedSocketFactory.class));

        // a loopback IP literal (so a broken guard would stay on this machine): refused at connect time
        Throwable thrown = catchThrowable(() -> client.newCall(new Request.Builder().url("http://127.0.0.1:9/").build()).execute());
        assertThat(BlockedAddressException.in(thrown)).isPresent();
    }
}
