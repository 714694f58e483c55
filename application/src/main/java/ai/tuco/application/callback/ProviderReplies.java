package ai.tuco.application.callback;

import ai.tuco.application.provider.port.out.spi.InboundReply;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.reply.port.in.IncomingReply;
import ai.tuco.application.reply.port.in.RecordReplyUseCase;
import ai.tuco.application.reply.port.in.RecordReplyUseCase.RecordReplyCommand;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.reply.OptOut;
import ai.tuco.domain.reply.Reply;
import ai.tuco.domain.shared.Actor;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Replies found by callbacks and polls, recorded on the line they came for, each in its own transaction (a repeated one
 * is stored once by the reply use case). A reply the use case refuses (a sender that is no phone or email, a provider id
 * out of shape) is logged by line and field and skipped: answering the provider an error would only make it retry.
 */
final class ProviderReplies {
    private static final System.Logger LOG = System.getLogger(ProviderReplies.class.getName());
    /** Nothing recorded: the services built without the reply use case (their own tests). */
    static final ProviderReplies NONE = new ProviderReplies(null);

    private final RecordReplyUseCase record;

    ProviderReplies(RecordReplyUseCase record) {
        this.record = record;
    }

    int record(LineContext line, List<InboundReply> replies) {
        if (record == null) {
            return 0;
        }
        int recorded = 0;
        Actor actor = Actor.system("provider:" + line.line().provider().wireName());
        for (InboundReply r : replies) {
            try {
                record.record(new RecordReplyCommand(line.line().workspaceId(), line.line().id(), incoming(r), actor));
                recorded++;
            } catch (UseCaseException e) {
                LOG.log(Level.WARNING, "a reply on line {0} was not recorded: {1} {2}", line.line().id().value(), e.code(),
                        e.details().stream().map(d -> d.field()).toList());
            }
        }
        return recorded;
    }

    static IncomingReply incoming(InboundReply r) {
        return new IncomingReply(r.externalId(), r.fromAddress(), r.text(),
                r.attachments().stream().map(a -> new Reply.Attachment(a.url(), a.contentType())).toList(), r.receivedAt(),
                r.optOut().map(o -> o == InboundReply.OptOut.STOP ? OptOut.Kind.OPT_OUT : OptOut.Kind.OPT_IN));
    }
}
