package ai.tuco.application.reply;

import ai.tuco.application.donotcontact.port.out.DoNotContactRepository;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.domain.lead.DoNotContact;
import ai.tuco.domain.reply.OptOut;
import ai.tuco.domain.reply.Reply;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.DoNotContactId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an opt-out or opt-in keyword does to the workspace's do-not-contact list, inside the reply's transaction. Only
 * the sender's own address is listed or lifted: a lead's other phones and emails are left alone (the person opted out
 * of the conversation they were in, not of every address we hold for them). An opt-in lifts only entries a reply or a
 * provider's opt-out refusal (Twilio 21610) made, never one an admin or the API added, nor an email unsubscribe.
 */
final class OptOutEffects {
    /** The entries an opt-in keyword may lift. */
    static final Set<String> LIFTED_BY_OPT_IN = Set.of(DoNotContact.SOURCE_REPLY, DoNotContact.SOURCE_PROVIDER);

    private final DoNotContactRepository entries;
    private final AuditLog audit;
    private final IdGenerator ids;

    OptOutEffects(DoNotContactRepository entries, AuditLog audit, IdGenerator ids) {
        this.entries = entries;
        this.audit = audit;
        this.ids = ids;
    }

    void apply(Reply reply, Actor actor, Instant now) {
        Optional<OptOut> optOut = reply.optOut();
        if (optOut.isEmpty()) {
            return;
        }
        if (optOut.get().kind() == OptOut.Kind.OPT_OUT) {
            DoNotContact entry = new DoNotContact(new DoNotContactId(ids.newId()), reply.workspaceId(), reply.fromPhone(),
                    reply.fromEmail(), optOut.get().reason(), DoNotContact.SOURCE_REPLY, now);
            // already listed (by anyone): the existing entry stays as it is
            if (entries.insert(entry)) {
                audit.append(new AuditLog.Entry(Optional.of(reply.workspaceId()), actor, "dnc.add", "dnc", entry.id().value(),
                        now, Map.of("source", DoNotContact.SOURCE_REPLY, "replyId", reply.id().value(),
                                "keyword", optOut.get().keyword())));
            }
            return;
        }
        for (DoNotContact lifted : entries.deleteByAddress(reply.workspaceId(), reply.fromPhone(), reply.fromEmail(),
                LIFTED_BY_OPT_IN)) {
            audit.append(new AuditLog.Entry(Optional.of(reply.workspaceId()), actor, "dnc.remove", "dnc", lifted.id().value(),
                    now, Map.of("source", lifted.source(), "replyId", reply.id().value(), "keyword", optOut.get().keyword())));
        }
    }
}
