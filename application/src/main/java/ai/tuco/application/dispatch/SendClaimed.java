package ai.tuco.application.dispatch;

import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Claim;
import ai.tuco.application.provider.port.out.ChannelSender.SendResult;
import ai.tuco.application.provider.port.out.ChannelSender;
import ai.tuco.application.provider.port.out.ProviderCalls;
import ai.tuco.application.provider.port.out.ProviderMetrics.Operation;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.shared.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The send step, outside any transaction: for iMessage, asks the line's provider which of the claim's addresses takes
 * iMessage (in order, stopping at the first), then sends to that address (the first address for other channels).
 * Every provider call is bounded by the provider timeout; a call that fails or times out is a retryable rejection.
 */
public final class SendClaimed {
    private final Map<Provider, ChannelSender> senders;
    private final ProviderCalls providerCalls;

    public SendClaimed(Map<Provider, ChannelSender> senders, ProviderCalls providerCalls) {
        this.senders = Map.copyOf(senders);
        this.providerCalls = providerCalls;
    }

    /** What a send came to, and whether a provider was asked at all (only then does it count as an attempt). */
    public record Attempt(SendResult result, boolean providerCalled) {}

    public Attempt send(Claim claim) {
        ChannelSender sender = senders.get(claim.line().provider());
        if (sender == null) {
            return new Attempt(new SendResult.Rejected("PROVIDER_NOT_SUPPORTED",
                    "This node cannot send through " + claim.line().provider().wireName() + " lines", false), false);
        }
        String to = claim.addresses().get(0);
        if (claim.channel() == Channel.IMESSAGE) {
            to = null;
            List<String> checked = new ArrayList<>();
            for (String address : claim.addresses()) {
                checked.add(address);
                try {
                    if (providerCalls.call(claim.line().provider(), Operation.IMESSAGE_AVAILABILITY,
                            () -> sender.iMessageAvailable(claim.line(), address))) {
                        to = address;
                        break;
                    }
                } catch (ProviderCalls.Failed e) {
                    return new Attempt(e.rejection(), true);
                }
            }
            if (to == null) {
                return new Attempt(new SendResult.NotAvailable(checked), true);
            }
        }
        ChannelSender.Outgoing outgoing = new ChannelSender.Outgoing(claim.messageId(), claim.workspaceId(), claim.line(),
                claim.channel(), to, claim.subject(), claim.text(), claim.attempt());
        try {
            return new Attempt(providerCalls.call(claim.line().provider(), Operation.SEND, () -> sender.send(outgoing)), true);
        } catch (ProviderCalls.Failed e) {
            return new Attempt(e.rejection(), true);
        }
    }
}
