package ai.tuco.bootstrap.accept;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy between the service and PostgreSQL that watches the wire protocol for the COMMIT of a transaction that
 * inserted messages, and when armed either holds it (nothing reaches the server until released) or cuts the
 * connection after the server has received it, so the service never learns whether it committed. The service must
 * connect with {@code prepareThreshold=0}, so every statement (COMMIT included) travels as text.
 */
final class CommitGate implements AutoCloseable {
    enum Mode { PASS, HOLD, CUT }

    private static final byte[] COMMIT = "COMMIT\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INSERT_MESSAGES = "INSERT INTO messages".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final int upstreamPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.PASS);
    private volatile CountDownLatch release = new CountDownLatch(0);
    private volatile CountDownLatch caught = new CountDownLatch(1);

    CommitGate(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "commit-gate");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The next COMMIT of a transaction that inserted messages is held until {@link #release()}. */
    void holdNext() {
        caught = new CountDownLatch(1);
        release = new CountDownLatch(1);
        mode.set(Mode.HOLD);
    }

    /** The next COMMIT of a transaction that inserted messages reaches the server, and its connection is then cut. */
    void cutNext() {
        caught = new CountDownLatch(1);
        mode.set(Mode.CUT);
    }

    void release() {
        release.countDown();
    }

    /** Waits until an armed COMMIT was caught. */
    boolean awaitCaught(long seconds) throws InterruptedException {
        return caught.await(seconds, TimeUnit.SECONDS);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(client);
                sockets.add(upstream);
                Connection c = new Connection(client, upstream);
                start(() -> c.pump(client, upstream, true));
                start(() -> c.pump(upstream, client, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void start(Runnable r) {
        Thread t = new Thread(r, "commit-gate-pump");
        t.setDaemon(true);
        t.start();
    }

    /** One proxied connection: whether its open transaction inserted messages, and whether it is being cut. */
    private final class Connection {
        final Socket client;
        final Socket upstream;
        volatile boolean insertedMessages;
        volatile boolean cutting;
        final CountDownLatch serverAnswered = new CountDownLatch(1);

        Connection(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void pump(Socket from, Socket to, boolean toServer) {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    if (!toServer) {
                        if (cutting) {
                            serverAnswered.countDown(); // the server's answer to the cut COMMIT: it has committed
                        } else {
                            out.write(buf, 0, n);
                        }
                        continue;
                    }
                    if (indexOf(buf, n, INSERT_MESSAGES) >= 0) {
                        insertedMessages = true;
                    }
                    boolean commit = indexOf(buf, n, COMMIT) >= 0;
                    Mode armed = commit && insertedMessages ? mode.getAndSet(Mode.PASS) : Mode.PASS;
                    if (commit) {
                        insertedMessages = false;
                    }
                    if (armed == Mode.HOLD) {
                        caught.countDown();
                        release.await(30, TimeUnit.SECONDS);
                    }
                    if (armed == Mode.CUT) {
                        cutting = true; // the server's answer to this COMMIT never reaches the service
                        out.write(buf, 0, n);
                        out.flush();
                        caught.countDown();
                        serverAnswered.await(10, TimeUnit.SECONDS);
                        client.close();
                        upstream.close();
                        return;
                    }
                    out.write(buf, 0, n);
                }
            } catch (IOException | InterruptedException e) {
                // a side closed: close both
            }
            try {
                client.close();
                upstream.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private static int indexOf(byte[] data, int length, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
