package ai.tuco.adapters.delivery.net;

import static ai.tuco.adapters.delivery.net.TestNetwork.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.tuco.adapters.delivery.net.TestNetwork.Tripwire;
import ai.tuco.adapters.delivery.net.TestNetwork.TripwireException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF guard through real OkHttp calls. Refused cases must fail with {@link BlockedAddressException} before any
 * connect; allowed public addresses reach the test's tripwire (which stops them: no traffic leaves the machine);
 * allowed loopback ones reach a real MockWebServer.
 */
class OutboundHttpTest {
    /** The injected resolver: names whose answers are not public, and two public ones. */
    static final Dns RESOLVER = TestNetwork.resolver(Map.ofEntries(
            Map.entry("loopback.test", "127.0.0.1"),
            Map.entry("localhost", "127.0.0.1"),
            Map.entry("relay.lan", "127.0.0.1"),
            Map.entry("metadata.test", "::ffff:169.254.169.254"),
            Map.entry("alibaba-metadata.test", "100.100.100.200"),
            Map.entry("internal.test", "10.1.2.3"),
            Map.entry("ula.test", "fd00::1"),
            Map.entry("v6loopback.test", "::1"),
            Map.entry("all-private.test", "10.0.0.1,192.168.0.1,::1"),
            Map.entry("public.test", "93.184.215.14"),
            Map.entry("public6.test", "2606:4700:4700::1111"),
            Map.entry("mixed.test", "10.0.0.7,93.184.215.14")));

    Tripwire tripwire = new Tripwire();

    OkHttpClient client(NetworkPolicy policy) {
        return OutboundHttp.client(policy, RESOLVER, new GuardedSocketFactory(policy, tripwire)).newBuilder()
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5)).build();
    }

    static Throwable call(OkHttpClient client, String url) {
        return catchThrowable(() -> {
            try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
                throw new AssertionError("expected no response, got " + response.code());
            }
        });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
        hostname resolving to 127.0.0.1                 | http://loopback.test/hook?token=s3cret            | loopback
        hostname over https resolving to 127.0.0.1      | https://loopback.test/hook?token=s3cret           | loopback
        hostname resolving to ::ffff:169.254.169.254    | http://metadata.test/latest/meta-data?token=s3cret | cloud metadata
        hostname resolving to CGNAT 100.100.100.200     | http://alibaba-metadata.test/?token=s3cret        | carrier-grade NAT
        hostname resolving to 10.1.2.3                  | http://internal.test/?token=s3cret                | 10.0.0.0/8
        hostname resolving to fd00::1                   | http://ula.test/?token=s3cret                     | unique-local
        hostname resolving to ::1                       | http://v6loopback.test/?token=s3cret              | loopback
        hostname resolving only to private addresses    | http://all-private.test/?token=s3cret             | private
        decimal 2130706433                              | http://2130706433/?token=s3cret                   | numeric host
        octal 0177.0.0.1                                | http://0177.0.0.1/?token=s3cret                   | numeric host
        hex 0x7f.0.0.1                                  | http://0x7f.0.0.1/?token=s3cret                   | numeric host
        hex 0x7f000001                                  | http://0x7f000001/?token=s3cret                   | numeric host
        shortened 127.1                                 | http://127.1/?token=s3cret                        | numeric host
        trailing dot 127.0.0.1.                         | http://127.0.0.1./?token=s3cret                   | numeric host
        loopback literal 127.0.0.1                      | http://127.0.0.1:8080/?token=s3cret               | loopback
        loopback literal 127.255.0.9                    | http://127.255.0.9/?token=s3cret                  | loopback
        IPv6 loopback [::1]                             | http://[::1]/?token=s3cret                        | loopback
        IPv4-mapped [::ffff:127.0.0.1]                  | http://[::ffff:127.0.0.1]/?token=s3cret           | loopback
        IPv4-mapped hex [::ffff:a9fe:a9fe]              | http://[::ffff:a9fe:a9fe]/?token=s3cret           | cloud metadata
        IPv4-compatible [::127.0.0.1]                   | http://[::127.0.0.1]/?token=s3cret                | IPv4-compatible
        NAT64 [64:ff9b::a9fe:a9fe]                      | http://[64:ff9b::a9fe:a9fe]/?token=s3cret         | NAT64
        local-use NAT64 [64:ff9b:1::a00:1]              | http://[64:ff9b:1::a00:1]/?token=s3cret           | NAT64
        6to4 [2002:7f00:1::]                            | http://[2002:7f00:1::]/?token=s3cret              | 6to4
        6to4 of 192.168.1.1 [2002:c0a8:101::1]          | http://[2002:c0a8:101::1]/?token=s3cret           | 6to4
        metadata literal 169.254.169.254                | http://169.254.169.254/latest/meta-data/?x=s3cret | cloud metadata
        link-local 169.254.10.1                         | http://169.254.10.1/?token=s3cret                 | link-local
        private 10.0.0.1                                | http://10.0.0.1/?token=s3cret                     | 10.0.0.0/8
        private 172.16.5.4                              | http://172.16.5.4/?token=s3cret                   | 172.16.0.0/12
        private 172.31.255.254                          | https://172.31.255.254/?token=s3cret              | 172.16.0.0/12
        private 192.168.1.10                            | http://192.168.1.10:3000/?token=s3cret            | 192.168.0.0/16
        CGNAT 100.64.0.1                                | http://100.64.0.1/?token=s3cret                   | carrier-grade NAT
        unspecified 0.0.0.0                             | http://0.0.0.0:8080/?token=s3cret                 | unspecified
        this network 0.1.2.3                            | http://0.1.2.3/?token=s3cret                      | this network
        reserved 240.0.0.1                              | http://240.0.0.1/?token=s3cret                    | reserved
        broadcast 255.255.255.255                       | http://255.255.255.255/?token=s3cret              | broadcast
        multicast 224.0.0.1                             | http://224.0.0.1/?token=s3cret                    | multicast
        multicast 239.255.255.250                       | http://239.255.255.250/?token=s3cret              | multicast
        benchmarking 198.18.0.1                         | http://198.18.0.1/?token=s3cret                   | benchmarking
        documentation 192.0.2.1                         | http://192.0.2.1/?token=s3cret                    | documentation
        IPv6 unspecified [::]                           | http://[::]/?token=s3cret                         | unspecified
        IPv6 link-local [fe80::1]                       | http://[fe80::1]/?token=s3cret                    | link-local
        IPv6 unique-local [fc00::1]                     | http://[fc00::1]/?token=s3cret                    | unique-local
        IPv6 multicast [ff02::1]                        | http://[ff02::1]/?token=s3cret                    | multicast
        IPv6 site-local [fec0::1]                       | http://[fec0::1]/?token=s3cret                    | site-local
        IPv6 documentation [2001:db8::1]                | http://[2001:db8::1]/?token=s3cret                | documentation
        IPv6 Teredo [2001:0:4136:e378::1]               | http://[2001:0:4136:e378::1]/?token=s3cret        | Teredo
        IPv6 outside global unicast [100::1]            | http://[100::1]/?token=s3cret                     | discard
        """)
    void refused(String label, String url, String reason) {
        Throwable thrown = call(client(NetworkPolicy.none()), url);

        assertThat(BlockedAddressException.in(thrown)).as("refusal in %s", thrown).hasValueSatisfying(blocked -> {
            assertThat(blocked.reason()).contains(reason);
            assertThat(blocked.getMessage()).contains(blocked.host()).contains("TUCO_ALLOW_PRIVATE_NETWORKS")
                    .doesNotContain("s3cret").doesNotContain("/hook").doesNotContain("http");
        });
        assertThat(tripwire.allowed).as("no connect was attempted").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "http://public.test/hook", "https://public6.test/hook", "http://93.184.215.14/", "http://[2606:4700::6810:84e5]/",
        "http://[64:ff9b::5db8:d70e]/", "http://[2002:5db8:d70e::1]/", "http://mixed.test/"})
    void publicAddresses_areAllowed_upToTheConnect(String url) {
        Throwable thrown = call(client(NetworkPolicy.none()), url);

        assertThat(BlockedAddressException.in(thrown)).isEmpty();
        assertThat(thrown).as("reached the tripwire, i.e. the guard let the connect go ahead").isInstanceOf(TripwireException.class);
        assertThat(tripwire.allowed).allSatisfy(a -> assertThat(a.getAddress().isLoopbackAddress()).isFalse());
    }

    @Test
    void aMixedAnswer_keepsOnlyThePublicAddresses() {
        call(client(NetworkPolicy.none()), "http://mixed.test/");

        assertThat(tripwire.allowed).extracting(InetSocketAddress::getAddress).containsOnly(ip("93.184.215.14"));
    }

    @Test
    void dnsRebinding_aPublicAnswerThenAPrivateOne_isRefusedTheSecondTime() {
        Dns rebinding = TestNetwork.rebinding(n -> n == 1 ? "93.184.215.14" : "127.0.0.1");
        NetworkPolicy none = NetworkPolicy.none();
        OkHttpClient client = OutboundHttp.client(none, rebinding, new GuardedSocketFactory(none, tripwire));

        assertThat(call(client, "http://rebind.test/")).isInstanceOf(TripwireException.class);
        Throwable second = call(client, "http://rebind.test/");

        assertThat(BlockedAddressException.in(second)).hasValueSatisfying(b -> assertThat(b.host()).isEqualTo("rebind.test"));
        assertThat(tripwire.allowed).extracting(InetSocketAddress::getAddress).containsExactly(ip("93.184.215.14"));
    }

    @Test
    void aClientWhoseResolverWasReplaced_isStillCheckedAtConnectTime() {
        NetworkPolicy none = NetworkPolicy.none();
        OkHttpClient unfiltered = OutboundHttp.client(none, RESOLVER, new GuardedSocketFactory(none, tripwire)).newBuilder()
                .dns(TestNetwork.rebinding(n -> n == 1 ? "93.184.215.14" : "::ffff:169.254.169.254")).build();

        assertThat(call(unfiltered, "http://rebind.test/")).isInstanceOf(TripwireException.class);
        Throwable second = call(unfiltered, "http://rebind.test/");

        assertThat(BlockedAddressException.in(second)).hasValueSatisfying(b -> {
            assertThat(b.reason()).contains("cloud metadata");
            assertThat(b.address()).contains(ip("169.254.169.254"));
        });
    }

    /** OkHttp parses IP-literal hosts itself (RouteSelector: canParseAsIpAddress) and never asks Dns: the socket refuses. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://10.0.0.1/", "http://[::1]/", "http://2130706433/", "http://[::ffff:127.0.0.1]/"})
    void ipLiteralHosts_skipTheResolver_andAreRefusedByTheSocket(String url) {
        java.util.List<String> lookups = new java.util.concurrent.CopyOnWriteArrayList<>();
        NetworkPolicy none = NetworkPolicy.none();
        OkHttpClient client = OutboundHttp.client(none, hostname -> {
            lookups.add(hostname);
            throw new java.net.UnknownHostException(hostname);
        }, new GuardedSocketFactory(none, tripwire));
        OkHttpClient withoutSpellingCheck = withoutInterceptors(client); // so 2130706433 reaches the socket too

        Throwable thrown = call(withoutSpellingCheck, url);

        assertThat(lookups).isEmpty();
        assertThat(BlockedAddressException.in(thrown)).hasValueSatisfying(b -> assertThat(b.getStackTrace())
                .anySatisfy(frame -> assertThat(frame.getClassName()).endsWith("GuardedSocket")));
    }

    private static OkHttpClient withoutInterceptors(OkHttpClient client) {
        OkHttpClient.Builder builder = client.newBuilder();
        builder.interceptors().clear();
        return builder.build();
    }

    @Test
    void redirectsAreNotFollowed_andNoProxyIsUsed() {
        OkHttpClient client = OutboundHttp.client(NetworkPolicy.none(), Dns.SYSTEM);
        assertThat(client.followRedirects()).isFalse();
        assertThat(client.followSslRedirects()).isFalse();
        assertThat(client.proxy()).isEqualTo(java.net.Proxy.NO_PROXY);
        assertThat(client.newBuilder().build().socketFactory()).isInstanceOf(GuardedSocketFactory.class);
    }

    // ---- loopback reached for real when the policy lists it

    MockWebServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
        127.0.0.1/32          | 127.0.0.1
        127.0.0.0/8           | 127.0.0.1
        127.0.0.1             | 127.0.0.1
        localhost             | localhost
        relay.lan             | relay.lan
        true                  | loopback.test
        true                  | 127.0.0.1
        10.0.0.0/8,relay.lan  | relay.lan
        """)
    void aListedRangeOrHost_reachesARealServerOnLoopback(String setting, String host) throws IOException {
        server.enqueue(new MockResponse.Builder().code(204).build());

        try (Response response = client(NetworkPolicy.parse(setting)).newCall(
                new Request.Builder().url("http://" + host + ":" + server.getPort() + "/hook").build()).execute()) {
            assertThat(response.code()).isEqualTo(204);
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} does not cover {1}")
    @CsvSource(delimiter = '|', textBlock = """
        relay.lan          | loopback.test
        relay.lan          | 127.0.0.1
        127.0.0.2/32       | 127.0.0.1
        10.0.0.0/8         | localhost
        ::1                | 127.0.0.1
        """)
    void aListedRangeOrHost_coversNothingElse(String setting, String host) {
        Throwable thrown = call(client(NetworkPolicy.parse(setting)), "http://" + host + ":" + server.getPort() + "/");

        assertThat(BlockedAddressException.in(thrown)).isPresent();
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void redirectToAnInternalAddress_isHandedBackNotFollowed() throws IOException {
        server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "http://169.254.169.254/").build());

        try (Response response = client(NetworkPolicy.parse("127.0.0.1")).newCall(
                new Request.Builder().url("http://127.0.0.1:" + server.getPort() + "/").build()).execute()) {
            assertThat(response.code()).isEqualTo(302);
        }
        assertThat(tripwire.allowed).extracting(InetSocketAddress::getAddress).containsOnly(ip("127.0.0.1"));
    }

    // ---- the socket factory alone, as Angus Mail uses it

    @Test
    void socketFactory_refusesLoopbackUnlessListed_andConnectsWhenListed() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = listener.getLocalPort();
            GuardedSocketFactory none = new GuardedSocketFactory(NetworkPolicy.none());

            assertThat(catchThrowable(() -> none.createSocket("127.0.0.1", port))).isInstanceOf(BlockedAddressException.class);
            assertThat(catchThrowable(() -> none.createSocket(InetAddress.getByName("::1"), port)))
                    .isInstanceOf(BlockedAddressException.class);
            Socket unconnected = none.createSocket();
            assertThat(catchThrowable(() -> unconnected.connect(new InetSocketAddress("127.0.0.1", port), 1000)))
                    .isInstanceOf(BlockedAddressException.class).hasMessageContaining("loopback");
            assertThat(unconnected.isClosed()).isTrue();

            GuardedSocketFactory listed = new GuardedSocketFactory(NetworkPolicy.parse("localhost"));
            // the way Angus Mail connects: createSocket() then connect(new InetSocketAddress(host, port), timeout)
            try (Socket socket = listed.createSocket()) {
                socket.connect(new InetSocketAddress("localhost", port), 1000);
                assertThat(socket.isConnected()).isTrue();
            }
        }
    }

    @Test
    void mailProperties_installTheFactoryWithoutAngusFallback() {
        GuardedSocketFactory factory = new GuardedSocketFactory(NetworkPolicy.none());
        assertThat(factory.mailProperties("smtp")).containsEntry("mail.smtp.socketFactory", factory)
                .containsEntry("mail.smtp.socketFactory.fallback", "false").hasSize(2);
    }
}
