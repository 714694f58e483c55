package ai.tuco.adapters.delivery.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A one-connection SMTP server that answers from a script, for the replies a real server (GreenMail) will not give:
 * 4xx/5xx at each stage, a connection cut or a silence after the message was handed over. It speaks RFC 5321's
 * reply format (three-digit code, {@code -} continuation lines) and records every command line and the DATA text.
 */
final class ScriptedSmtpServer implements AutoCloseable {
    /** What to answer the end of DATA with: a reply line, or one of {@link #CUT} / {@link #HANG}. */
    static final String CUT = "<cut>";
    static final String HANG = "<hang>";

    private final ServerSocket server;
    private final Map<String, String> replies;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final StringBuilder data = new StringBuilder();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread thread;

    /**
     * @param replies the reply to each command verb ({@code GREETING}, {@code EHLO}, {@code AUTH}, {@code MAIL},
     *                {@code RCPT}, {@code DATA}, {@code END} for the end of the message); missing verbs get defaults
     */
    ScriptedSmtpServer(Map<String, String> replies) throws IOException {
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.replies = replies;
        this.thread = new Thread(this::serve, "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<String> commands() {
        return List.copyOf(commands);
    }

    synchronized String data() {
        return data.toString();
    }

    private String reply(String verb, String fallback) {
        return replies.getOrDefault(verb, fallback);
    }

    private void serve() {
        try (Socket s = server.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            String greeting = reply("GREETING", "220 stub.test ESMTP ready");
            write(out, greeting);
            if (!greeting.startsWith("220")) {
                return;
            }
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                String verb = line.split(" ", 2)[0].toUpperCase(java.util.Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> write(out, reply("EHLO", "250-stub.test\r\n250-8BITMIME\r\n250 AUTH PLAIN"));
                    case "HELO" -> write(out, reply("HELO", "250 stub.test"));
                    case "AUTH" -> write(out, reply("AUTH", "235 2.7.0 Authentication successful"));
                    case "MAIL" -> write(out, reply("MAIL", "250 2.1.0 OK"));
                    case "RCPT" -> write(out, reply("RCPT", "250 2.1.5 OK"));
                    case "RSET", "NOOP" -> write(out, "250 OK");
                    case "QUIT" -> {
                        write(out, "221 bye");
                        return;
                    }
                    case "DATA" -> {
                        String r = reply("DATA", "354 go ahead");
                        write(out, r);
                        if (!r.startsWith("354")) {
                            continue;
                        }
                        String d;
                        while ((d = in.readLine()) != null && !d.equals(".")) {
                            synchronized (this) {
                                data.append(d).append("\r\n");
                            }
                        }
                        String end = reply("END", "250 2.0.0 queued as 1234");
                        if (end.equals(CUT)) {
                            return;
                        }
                        if (end.equals(HANG)) {
                            release.await();
                            return;
                        }
                        write(out, end);
                    }
                    default -> write(out, "502 5.5.2 command not recognised");
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away: nothing to record
        }
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        release.countDown();
        server.close();
    }
}
