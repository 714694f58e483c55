package ai.tuco.adapters.delivery.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Objects;
import javax.net.SocketFactory;

/**
 * Plain (not TLS) sockets that check the address they are about to connect to against {@link NetworkPolicy}, at
 * connect time, after every resolution: the last word on where a connection goes, whatever resolved the host (OkHttp's
 * {@code Dns}, OkHttp's own IP-literal parsing, which skips {@code Dns}, or {@code new InetSocketAddress(host, port)}).
 * A refused connect throws {@link BlockedAddressException} and closes the socket. Sockets never use a proxy.
 *
 * <p>A hostname listed in the policy is honoured when the address carries that name ({@link GuardedDns} labels the
 * addresses it returns; {@code new InetSocketAddress(host, port)} keeps the host it was given).
 *
 * <p><b>SMTP with Angus Mail.</b> Put this factory into the session properties with {@link #mailProperties(String)},
 * e.g. {@code props.putAll(guarded.mailProperties("smtp"))}. That sets {@code mail.smtp.socketFactory} (Angus calls
 * {@code createSocket()} and then {@code connect(new InetSocketAddress(host, port), timeout)} on it) and
 * {@code mail.smtp.socketFactory.fallback=false}: with the default {@code true}, Angus catches any failure of the
 * factory path and retries with a plain, unguarded {@code new Socket()}. Implicit TLS ({@code mail.smtp.ssl.enable})
 * and STARTTLS still work: Angus layers its TLS socket over this one. Do not set {@code mail.smtp.ssl.socketFactory}
 * (it would replace this factory for implicit TLS; use {@code mail.smtp.ssl.trust} or {@code ssl.checkserveridentity}
 * to tune TLS instead) nor {@code mail.smtp.proxy.host} / {@code mail.smtp.socks.host} (only the proxy would be
 * checked). A refusal reaches the caller as a {@code MessagingException} whose cause chain holds the
 * {@link BlockedAddressException}: {@link BlockedAddressException#in(Throwable)} finds it.
 */
public final class GuardedSocketFactory extends SocketFactory {
    /** Runs after the policy allowed a connect, just before it happens; tests use it to keep stray traffic off the network. */
    @FunctionalInterface
    interface ConnectHook {
        ConnectHook NONE = endpoint -> {};

        void beforeConnect(InetSocketAddress endpoint) throws IOException;
    }

    private final NetworkPolicy policy;
    private final ConnectHook hook;

    public GuardedSocketFactory(NetworkPolicy policy) {
        this(policy, ConnectHook.NONE);
    }

    GuardedSocketFactory(NetworkPolicy policy, ConnectHook hook) {
        this.policy = Objects.requireNonNull(policy);
        this.hook = Objects.requireNonNull(hook);
    }

    /**
     * The Angus Mail session properties that route {@code protocol}'s connections ({@code smtp} or {@code smtps})
     * through this factory, without Angus's unguarded fallback.
     */
    public Map<String, Object> mailProperties(String protocol) {
        return Map.of("mail." + protocol + ".socketFactory", this,
                "mail." + protocol + ".socketFactory.fallback", "false");
    }

    @Override
    public Socket createSocket() {
        return new GuardedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        HostSpelling.check(host);
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        HostSpelling.check(host);
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress endpoint, InetSocketAddress local) throws IOException {
        Socket socket = new GuardedSocket();
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(endpoint);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "GuardedSocketFactory(" + policy + ")";
    }

    private final class GuardedSocket extends Socket {
        GuardedSocket() {
            super(Proxy.NO_PROXY);
        }

        // Socket.connect(SocketAddress) delegates here
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (endpoint instanceof InetSocketAddress inet && !inet.isUnresolved()) {
                try {
                    policy.check(inet.getHostString(), inet.getAddress());
                    hook.beforeConnect(inet);
                } catch (IOException e) {
                    close();
                    throw e;
                }
            }
            super.connect(endpoint, timeout); // unresolved: UnknownHostException; not an InetSocketAddress: IllegalArgumentException
        }
    }
}
