package ai.tuco.application.callback;

import ai.tuco.application.callback.port.in.HandleCallbackUseCase;
import ai.tuco.application.provider.port.out.ProviderCalls;
import ai.tuco.application.provider.port.out.ProviderMetrics.Operation;
import ai.tuco.application.provider.port.out.spi.Callbacks;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.LineContexts;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.ProviderDirectory;
import ai.tuco.application.reply.port.in.RecordReplyUseCase;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.ObjectIds;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Provider callbacks: the line named by the path is opened (any workspace: a callback names only its line) and must be
 * of the provider the path names; its provider's {@link Callbacks} authenticates and decodes the request (bounded like
 * any provider call); the status updates it yields are applied within the line, and an update naming a provider id no
 * message has yet is kept for the send's record. A decoder that throws is answered 400, never 500.
 */
public final class CallbackService implements HandleCallbackUseCase {
    private static final System.Logger LOG = System.getLogger(CallbackService.class.getName());

    private final ProviderDirectory providers;
    private final LineContexts contexts;
    private final ProviderCalls calls;
    private final StatusUpdates updates;
    private final ProviderReplies replies;

    public CallbackService(ProviderDirectory providers, LineContexts contexts, ProviderCalls calls,
            ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase events) {
        this(providers, contexts, calls, events, ProviderReplies.NONE);
    }

    /** @param replies records the replies a callback carries (issue 14) */
    public CallbackService(ProviderDirectory providers, LineContexts contexts, ProviderCalls calls,
            ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase events, RecordReplyUseCase replies) {
        this(providers, contexts, calls, events, new ProviderReplies(replies));
    }

    private CallbackService(ProviderDirectory providers, LineContexts contexts, ProviderCalls calls,
            ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase events, ProviderReplies replies) {
        this.providers = providers;
        this.contexts = contexts;
        this.calls = calls;
        this.updates = new StatusUpdates(events);
        this.replies = replies;
    }

    @Override
    public CallbackAnswer handle(CallbackRequest request) {
        Optional<MessagingProvider> provider = providers.find(request.provider());
        Optional<Callbacks> callbacks = provider.flatMap(MessagingProvider::callbacks);
        if (callbacks.isEmpty() || !ObjectIds.isValid(request.lineId())) {
            return CallbackAnswer.notFound();
        }
        Optional<LineContext> line = contexts.open(new LineId(request.lineId()))
                .filter(ctx -> ctx.line().provider().wireName().equals(request.provider()));
        if (line.isEmpty()) {
            return CallbackAnswer.notFound();
        }
        Callbacks.Inbound inbound = new Callbacks.Inbound(request.method(), request.publicUrl(), request.path(),
                request.query(), request.headers(), request.form(), request.body());
        Callbacks.Decoded decoded;
        try {
            decoded = calls.call(request.provider(), Operation.CALLBACK, () -> callbacks.get().decode(line.get(), inbound));
        } catch (ProviderCalls.Failed e) {
            LOG.log(Level.WARNING, "callback for line {0} of provider {1} could not be decoded ({2})",
                    request.lineId(), request.provider(), e.rejection().code());
            return "PROVIDER_TIMEOUT".equals(e.rejection().code())
                    ? new CallbackAnswer(503, "text/plain", "")
                    : new CallbackAnswer(400, "text/plain", "");
        }
        if (decoded == null) {
            return new CallbackAnswer(400, "text/plain", "");
        }
        updates.apply(Optional.of(line.get().line().id()), decoded.updates());
        replies.record(line.get(), decoded.replies());
        Callbacks.Answer answer = decoded.answer();
        int status = answer.status() >= 200 && answer.status() <= 599 && answer.status() != 500 ? answer.status() : 400;
        return new CallbackAnswer(status, answer.contentType(), answer.body());
    }
}
