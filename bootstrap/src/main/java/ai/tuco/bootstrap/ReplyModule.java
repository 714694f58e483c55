package ai.tuco.bootstrap;

import ai.tuco.adapters.http.reply.HmacUnsubscribeTokens;
import ai.tuco.adapters.persistence.reply.JdbiReplyEvents;
import ai.tuco.adapters.persistence.reply.JdbiReplyRepository;
import ai.tuco.application.donotcontact.port.out.DoNotContactRepository;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.reply.RecordReplyService;
import ai.tuco.application.reply.ReplyQueryService;
import ai.tuco.application.reply.SandboxReplyService;
import ai.tuco.application.reply.UnsubscribeService;
import ai.tuco.application.reply.port.in.ListRepliesQuery;
import ai.tuco.application.reply.port.in.RecordReplyUseCase;
import ai.tuco.application.reply.port.in.SimulateReplyUseCase;
import ai.tuco.application.reply.port.in.UnsubscribeUseCase;
import ai.tuco.application.reply.port.out.ReplyEvents;
import ai.tuco.application.reply.port.out.ReplyRepository;
import ai.tuco.application.reply.port.out.UnsubscribeTokens;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.workspace.port.out.WorkspaceRepository;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Clock;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Replies and opt-out (issue 14): the reply use cases, their storage, the unsubscribe links, and the reply's
 * {@code message.reply} webhook deliveries ({@link JdbiReplyEvents}, in the reply's transaction).
 */
final class ReplyModule extends AbstractModule {
    private final String publicUrl;
    private final Supplier<byte[]> secretKey;

    /** @param secretKey TUCO_SECRET_KEY's bytes, asked for only when an unsubscribe link is made or checked */
    ReplyModule(String publicUrl, Supplier<byte[]> secretKey) {
        this.publicUrl = publicUrl;
        this.secretKey = secretKey;
    }

    @Provides @Singleton ReplyRepository replies(Jdbi jdbi) {
        return new JdbiReplyRepository(jdbi);
    }

    /** {@code message.reply} deliveries written into the webhook outbox in the reply's own transaction. */
    @Provides @Singleton ReplyEvents replyEvents(Jdbi jdbi) {
        return new JdbiReplyEvents(jdbi);
    }

    @Provides @Singleton UnsubscribeTokens unsubscribeTokens() {
        return new HmacUnsubscribeTokens(secretKey);
    }

    @Provides @Singleton RecordReplyUseCase recordReply(TransactionRunner tx, LineRepository lines, WorkspaceRepository workspaces,
            LeadRepository leads, MessageRepository messages, ReplyRepository replies, DoNotContactRepository doNotContact,
            AuditLog audit, ReplyEvents events, PhoneNormalizer phones, IdGenerator ids, Clock clock) {
        return new RecordReplyService(tx, lines, workspaces, leads, messages, replies, doNotContact, audit, events, phones, ids,
                clock);
    }

    @Provides @Singleton ListRepliesQuery listReplies(ReplyRepository replies, LineRepository lines, PhoneNormalizer phones) {
        return new ReplyQueryService(replies, lines, phones);
    }

    @Provides @Singleton SimulateReplyUseCase simulateReply(RecordReplyUseCase record, LineRepository lines, IdGenerator ids,
            Clock clock) {
        return new SandboxReplyService(record, lines, ids, clock);
    }

    @Provides @Singleton UnsubscribeUseCase unsubscribe(UnsubscribeTokens tokens, ReplyRepository replies,
            DoNotContactRepository doNotContact, AuditLog audit, TransactionRunner tx, IdGenerator ids, Clock clock) {
        return new UnsubscribeService(publicUrl, tokens, replies, doNotContact, audit, tx, ids, clock);
    }
}
