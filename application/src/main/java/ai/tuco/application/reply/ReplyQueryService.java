package ai.tuco.application.reply;

import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.message.port.in.MessageView;
import ai.tuco.application.reply.port.in.ListRepliesQuery;
import ai.tuco.application.reply.port.out.ReplyRepository;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.PageRequest;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.reply.Reply;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.WorkspaceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads replies within the caller's workspace: one page (two queries), then the conversation around the page's leads
 * (two more, however many replies and leads the page holds).
 */
public final class ReplyQueryService implements ListRepliesQuery {
    private final ReplyRepository replies;
    private final LineRepository lines;
    private final PhoneNormalizer phones;

    public ReplyQueryService(ReplyRepository replies, LineRepository lines, PhoneNormalizer phones) {
        this.replies = replies;
        this.lines = lines;
        this.phones = phones;
    }

    @Override
    public ReplyPage list(Caller caller, ReplyFilter f, PageRequest page) {
        WorkspaceId ws = caller.workspace().id();
        List<FieldError> errors = new ArrayList<>();
        Optional<String> phone = f.recipientPhone().map(raw -> phones.normalize(raw, caller.workspace().defaultCountry())
                .map(p -> p.value()).orElseGet(() -> {
                    errors.add(new FieldError("recipientPhone", "recipientPhone is not a valid phone number"));
                    return "";
                }));
        Optional<String> email = f.recipientEmail().map(raw -> {
            if (!EmailAddress.isValid(raw)) {
                errors.add(new FieldError("recipientEmail", "recipientEmail is not a valid email address"));
                return "";
            }
            return EmailAddress.parse(raw).value();
        });
        if (errors.isEmpty() && phone.isPresent() && email.isPresent()) {
            errors.add(new FieldError("recipientEmail", "give at most one of recipientPhone or recipientEmail"));
        }
        if (f.dateFrom().isPresent() && f.dateTo().isPresent() && !f.dateFrom().get().isBefore(f.dateTo().get())) {
            errors.add(new FieldError("dateTo", "dateTo must be after dateFrom"));
        }
        if (!errors.isEmpty()) {
            throw UseCaseException.invalid(errors);
        }
        ReplyRepository.Page found = replies.list(ws, new ReplyRepository.Filter(f.leadId(), f.lineId(), f.messageId(),
                phone.or(() -> email), f.dateFrom(), f.dateTo()), page.offset(), page.limit());
        Set<LeadId> leadIds = found.replies().stream().map(Reply::leadId).collect(Collectors.toSet());
        Map<LeadId, List<Reply>> recent = leadIds.isEmpty() ? Map.of() : replies.latestOfLeads(ws, leadIds, CONTEXT);
        Map<LeadId, List<Message>> sent = leadIds.isEmpty() ? Map.of() : replies.sentToLeads(ws, leadIds, CONTEXT);
        Map<LineId, Line> byId = leadIds.isEmpty() ? Map.of() : lines.listByWorkspace(ws).stream()
                .collect(Collectors.toMap(Line::id, Function.identity()));
        List<ReplyView> views = found.replies().stream().map(r -> new ReplyView(r,
                recent.getOrDefault(r.leadId(), List.of()),
                sent.getOrDefault(r.leadId(), List.of()).stream()
                        .map(m -> new MessageView(m, Optional.ofNullable(byId.get(m.lineId())))).toList()))
                .toList();
        return new ReplyPage(views, page.page(), page.limit(), found.total());
    }
}
