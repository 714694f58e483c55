package ai.tuco.adapters.delivery.smtp;

import ai.tuco.application.provider.port.out.spi.ConfigField;
import ai.tuco.application.provider.port.out.spi.HealthResult;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import ai.tuco.application.provider.port.out.spi.SendRequest;
import ai.tuco.domain.shared.Channel;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import javax.net.SocketFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Email lines over SMTP with Angus Mail: STARTTLS (required, not opportunistic), implicit TLS or none; UTF-8 plain
 * text; {@code Message-ID: <messageId@from-domain>}. An accepted message is {@code sent}: SMTP has no delivery
 * receipt, so {@code delivered} is never invented. Replies from the server map as RFC 5321 says: 535 is the line's
 * credentials ({@link SendOutcome.CredentialsRejected}), 4xx is "try again later" (retryable), 5xx is permanent. A
 * connection that fails before the server answered is retryable; one that breaks after the message was handed over
 * is {@link SendOutcome.Unknown}: SMTP offers no way to ask the server whether it kept it, so such a message ends
 * {@code PROVIDER_OUTCOME_UNKNOWN} rather than risk a duplicate.
 *
 * <p>Endpoint guard: every connection (plain, STARTTLS and implicit TLS, which Angus layers over it) is opened through
 * the given {@link SocketFactory}: in production the SSRF-guarded one, which checks the address it actually connects
 * to (see {@code GuardedSocketFactory}); Angus's fallback to an unguarded socket is off.
 */
public final class SmtpProvider implements MessagingProvider {
    public static final String NAME = "smtp";

    private final SocketFactory sockets;
    private final Duration timeout;
    private final Clock clock;
    private final Properties extra;

    /**
     * @param sockets opens every TCP connection
     * @param timeout connect, read and write timeout of each SMTP command
     */
    public SmtpProvider(SocketFactory sockets, Duration timeout, Clock clock) {
        this(sockets, timeout, clock, new Properties());
    }

    /** @param extra extra Jakarta Mail session properties (tests: trusting a test server's certificate) */
    public SmtpProvider(SocketFactory sockets, Duration timeout, Clock clock, Properties extra) {
        this.sockets = sockets;
        this.timeout = timeout;
        this.clock = clock;
        this.extra = extra;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.EMAIL);
    }

    @Override
    public List<ConfigField> configFields() {
        return List.of(
                ConfigField.required("host", ConfigField.Type.TEXT, "the SMTP server's host name"),
                ConfigField.required("port", ConfigField.Type.PORT, "the SMTP server's port (587 STARTTLS, 465 implicit TLS)"),
                ConfigField.optional("username", ConfigField.Type.TEXT, "the AUTH user name, if the server needs one"),
                ConfigField.secret("password", false, "the AUTH password"),
                ConfigField.choice("tls", Set.of("starttls", "implicit", "none"), "starttls",
                        "starttls (required upgrade), implicit (TLS from the first byte) or none"),
                ConfigField.required("fromAddress", ConfigField.Type.EMAIL, "the From address"),
                ConfigField.optional("fromName", ConfigField.Type.TEXT, "the From display name"),
                ConfigField.optional("defaultSubject", ConfigField.Type.TEXT, "the subject when a message has none"));
    }

    @Override
    public SendOutcome send(SendRequest request) {
        LineContext line = request.line();
        Session session = session(line);
        MimeMessage message;
        try {
            message = message(session, request);
        } catch (MessagingException | UnsupportedEncodingException e) {
            return SendOutcome.Rejected.permanent("SMTP_INVALID_MESSAGE", "The message could not be built: " + clean(e.getMessage()));
        }
        Transport transport;
        try {
            transport = session.getTransport(implicitTls(line) ? "smtps" : "smtp");
            connect(transport, line);
        } catch (AuthenticationFailedException e) {
            return new SendOutcome.CredentialsRejected("SMTP_AUTH_FAILED", "The SMTP server refused the line's credentials");
        } catch (MessagingException e) {
            return SendOutcome.Rejected.retryable("SMTP_CONNECT_FAILED", "Could not open an SMTP session with "
                    + line.require("host") + ":" + line.require("port") + " (" + reason(e) + ")", Optional.empty());
        }
        try (Transport t = transport) {
            t.sendMessage(message, message.getAllRecipients());
            return new SendOutcome.Accepted(message.getMessageID());
        } catch (SMTPSendFailedException | SMTPAddressFailedException e) {
            return byReplyCode(replyCode(e), e.getMessage());
        } catch (MessagingException e) {
            if (e.getNextException() instanceof SMTPAddressFailedException a) {
                return byReplyCode(a.getReturnCode(), a.getMessage());
            }
            if (e.getNextException() instanceof SMTPSendFailedException s) {
                return byReplyCode(s.getReturnCode(), s.getMessage());
            }
            return new SendOutcome.Unknown("The SMTP session broke while the message was being handed over (" + reason(e) + ")");
        }
    }

    @Override
    public HealthResult checkHealth(LineContext line) {
        Session session = session(line);
        try {
            try (Transport t = session.getTransport(implicitTls(line) ? "smtps" : "smtp")) {
                connect(t, line); // EHLO, STARTTLS, AUTH; close() sends QUIT
            }
            return HealthResult.ok();
        } catch (AuthenticationFailedException e) {
            return HealthResult.unhealthy("the SMTP server refused the credentials");
        } catch (MessagingException e) {
            return HealthResult.unhealthy("cannot open an SMTP session with " + line.require("host") + ":"
                    + line.require("port") + " (" + reason(e) + ")");
        }
    }

    private void connect(Transport transport, LineContext line) throws MessagingException {
        Optional<String> user = line.get("username");
        if (user.isPresent()) {
            transport.connect(line.require("host"), Integer.parseInt(line.require("port")), user.get(), line.get("password").orElse(""));
        } else {
            transport.connect(line.require("host"), Integer.parseInt(line.require("port")), null, null);
        }
    }

    private MimeMessage message(Session session, SendRequest request) throws MessagingException, UnsupportedEncodingException {
        LineContext line = request.line();
        String from = line.require("fromAddress");
        String messageId = "<" + request.messageId().value() + "@" + from.substring(from.lastIndexOf('@') + 1) + ">";
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        Optional<String> name = line.get("fromName");
        m.setFrom(name.isPresent() ? new InternetAddress(from, name.get(), "UTF-8") : new InternetAddress(from));
        m.setRecipients(jakarta.mail.Message.RecipientType.TO, new Address[] {new InternetAddress(request.to(), true)});
        String subject = request.subject().filter(s -> !s.isBlank()).or(() -> line.get("defaultSubject")).orElse("");
        m.setSubject(subject.replaceAll("[\\r\\n]+", " "), "UTF-8");
        m.setSentDate(Date.from(clock.instant()));
        m.setText(request.text(), "UTF-8");
        // RFC 8058 one-click unsubscribe: a POST of List-Unsubscribe=One-Click to our signed per-message link
        Optional<String> unsubscribe = request.unsubscribeUrl().map(Object::toString)
                .filter(u -> u.startsWith("https://") || u.startsWith("http://"))
                .filter(u -> u.chars().noneMatch(c -> c < 0x21 || c > 0x7e || c == '<' || c == '>'));
        if (unsubscribe.isPresent()) {
            m.setHeader("List-Unsubscribe", "<" + unsubscribe.get() + ">");
            m.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        m.saveChanges();
        return m;
    }

    private Session session(LineContext line) {
        Properties p = new Properties();
        String protocol = implicitTls(line) ? "smtps" : "smtp";
        String millis = Long.toString(timeout.toMillis());
        p.put("mail.transport.protocol", protocol);
        p.put("mail." + protocol + ".connectiontimeout", millis);
        p.put("mail." + protocol + ".timeout", millis);
        p.put("mail." + protocol + ".writetimeout", millis);
        p.put("mail." + protocol + ".auth", Boolean.toString(line.get("username").isPresent()));
        p.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        p.put("mail." + protocol + ".localhost", "tuco.localdomain");
        switch (line.get("tls").orElse("starttls")) {
            case "implicit" -> p.put("mail.smtps.ssl.enable", "true");
            case "none" -> p.put("mail.smtp.starttls.enable", "false");
            default -> {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
            }
        }
        p.put("mail." + protocol + ".socketFactory", sockets);
        p.put("mail." + protocol + ".socketFactory.fallback", "false");
        p.putAll(extra);
        return Session.getInstance(p);
    }

    private static boolean implicitTls(LineContext line) {
        return "implicit".equals(line.get("tls").orElse("starttls"));
    }

    private static SendOutcome byReplyCode(int code, String text) {
        String detail = "The SMTP server answered " + code + ": " + clean(text);
        if (code == 535) {
            return new SendOutcome.CredentialsRejected("SMTP_AUTH_FAILED", "The SMTP server refused the line's credentials");
        }
        if (code >= 400 && code < 500) {
            return SendOutcome.Rejected.retryable("SMTP_" + code, detail, Optional.empty());
        }
        if (code >= 500 && code < 600) {
            return SendOutcome.Rejected.permanent("SMTP_" + code, detail);
        }
        return new SendOutcome.Unknown("The SMTP server answered an unexpected " + code);
    }

    private static int replyCode(MessagingException e) {
        if (e instanceof SMTPSendFailedException s) {
            return s.getReturnCode();
        }
        return ((SMTPAddressFailedException) e).getReturnCode();
    }

    /** The exception's kind and first line, without anything a server could use to echo a secret back at length. */
    private static String reason(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (e instanceof MailConnectException) {
            return "connection failed: " + root.getClass().getSimpleName();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + clean(root.getMessage()));
    }

    static String clean(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
