package ai.tuco.application.reply;

import ai.tuco.application.donotcontact.port.out.DoNotContactRepository;
import ai.tuco.application.reply.port.in.UnsubscribeUseCase;
import ai.tuco.application.reply.port.out.ReplyRepository;
import ai.tuco.application.reply.port.out.UnsubscribeTokens;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.lead.DoNotContact;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.DoNotContactId;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.MessageId;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * One-click unsubscribe links, {@code {publicUrl}/unsubscribe/{token}}, the token signed by {@link UnsubscribeTokens}
 * (an HMAC of the message id under a key derived from {@code TUCO_SECRET_KEY}). A POST there lists the message's
 * recipient email on its workspace's do-not-contact list; a forged token, or one of a message that is not an email,
 * lists nothing.
 */
public final class UnsubscribeService implements UnsubscribeUseCase {
    private static final Actor ACTOR = Actor.system("unsubscribe-link");

    private final String publicUrl;
    private final UnsubscribeTokens tokens;
    private final ReplyRepository replies;
    private final DoNotContactRepository doNotContact;
    private final AuditLog audit;
    private final TransactionRunner tx;
    private final IdGenerator ids;
    private final Clock clock;

    public UnsubscribeService(String publicUrl, UnsubscribeTokens tokens, ReplyRepository replies,
            DoNotContactRepository doNotContact, AuditLog audit, TransactionRunner tx, IdGenerator ids, Clock clock) {
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.tokens = tokens;
        this.replies = replies;
        this.doNotContact = doNotContact;
        this.audit = audit;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public URI linkFor(MessageId messageId) {
        return URI.create(publicUrl + "/unsubscribe/" + tokens.tokenFor(messageId));
    }

    @Override
    public Optional<String> preview(String token) {
        return verified(token).flatMap(replies::unsubscribeTarget).filter(t -> t.channel() == Channel.EMAIL)
                .flatMap(ReplyRepository.UnsubscribeTarget::email).map(e -> mask(e.value()));
    }

    @Override
    public boolean unsubscribe(String token) {
        Optional<ReplyRepository.UnsubscribeTarget> target = verified(token).flatMap(replies::unsubscribeTarget)
                .filter(t -> t.channel() == Channel.EMAIL && t.email().isPresent());
        if (target.isEmpty()) {
            return false;
        }
        EmailAddress email = target.get().email().get();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        DoNotContact entry = new DoNotContact(new DoNotContactId(ids.newId()), target.get().workspaceId(), Optional.empty(),
                Optional.of(email), "Unsubscribed with the link in message " + target.get().messageId().value(),
                DoNotContact.SOURCE_UNSUBSCRIBE, now);
        tx.run(() -> {
            // a second click finds the address listed: nothing more to do
            if (doNotContact.insert(entry)) {
                audit.append(new AuditLog.Entry(Optional.of(entry.workspaceId()), ACTOR, "dnc.add", "dnc", entry.id().value(),
                        now, Map.of("source", DoNotContact.SOURCE_UNSUBSCRIBE, "messageId", target.get().messageId().value())));
            }
        });
        return true;
    }

    private Optional<MessageId> verified(String token) {
        return token == null || token.length() > 200 ? Optional.empty() : tokens.verify(token);
    }

    /** {@code jane@example.com} → {@code j***@example.com}: enough for the owner to recognise, little for anyone else. */
    static String mask(String email) {
        int at = email.indexOf('@');
        return at <= 0 ? "***" : email.charAt(0) + "***" + email.substring(at);
    }
}
