package ai.tuco.adapters.delivery.twilio;

import ai.tuco.application.provider.port.out.spi.Callbacks;
import ai.tuco.application.provider.port.out.spi.InboundReply;
import ai.tuco.application.provider.port.out.spi.LineContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Twilio's incoming-message webhook, {@code POST {callbackBase}/inbound} (the line's {@code inboundUrl}, set as the
 * number's or Messaging Service's "A message comes in" URL), with a form body: {@code MessageSid}, {@code From},
 * {@code To}, {@code Body}, {@code NumMedia}, {@code MediaUrl0..}, {@code MediaContentType0..}, and {@code OptOutType}
 * ({@code STOP} / {@code START} / {@code HELP}) when Advanced Opt-Out matched a keyword
 * (https://www.twilio.com/docs/messaging/guides/webhook-request). Authenticated like status callbacks by
 * {@code X-Twilio-Signature} ({@link TwilioSignature}): missing or wrong is 403, nothing recorded. A valid one is one
 * {@link InboundReply} (its time is ours: Twilio sends none), answered 200 with an empty TwiML {@code <Response/>} as
 * {@code text/xml} so Twilio sends nothing back on its own; a form without {@code MessageSid} or {@code From} is 400.
 */
final class TwilioInbound implements Callbacks {
    static final String PATH = "inbound";
    static final String TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
    /** Twilio sends at most 10 media per message (MMS). */
    static final int MAX_MEDIA = 10;

    private final Clock clock;

    TwilioInbound(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Decoded decode(LineContext line, Inbound request) {
        if (!PATH.equals(request.path())) {
            return Decoded.refused(404, "no such Twilio callback");
        }
        if (!"POST".equalsIgnoreCase(request.method())) {
            return Decoded.refused(405, "Twilio incoming-message webhooks are POSTs");
        }
        Optional<String> signature = request.header(TwilioStatusCallbacks.SIGNATURE_HEADER);
        if (signature.isEmpty()) {
            return Decoded.refused(403, "missing X-Twilio-Signature");
        }
        String token = line.get(TwilioProvider.AUTH_TOKEN).orElse("");
        if (token.isEmpty() || !TwilioSignature.isValid(token, request.publicUrl().toString(), request.form(), signature.get())) {
            return Decoded.refused(403, "X-Twilio-Signature does not match");
        }
        Optional<String> sid = request.formParam("MessageSid").or(() -> request.formParam("SmsSid"))
                .map(String::strip).filter(s -> !s.isEmpty() && s.length() <= 64);
        Optional<String> from = request.formParam("From").map(String::strip).filter(s -> !s.isEmpty() && s.length() <= 64);
        if (sid.isEmpty() || from.isEmpty()) {
            return Decoded.refused(400, "an incoming message names its MessageSid and From");
        }
        List<InboundReply.Attachment> media = new ArrayList<>();
        int count = request.formParam("NumMedia").filter(n -> n.matches("\\d{1,2}")).map(Integer::parseInt).orElse(0);
        for (int i = 0; i < Math.min(count, MAX_MEDIA); i++) {
            int n = i;
            request.formParam("MediaUrl" + n).filter(u -> u.startsWith("https://") || u.startsWith("http://"))
                    .ifPresent(url -> media.add(new InboundReply.Attachment(url,
                            request.formParam("MediaContentType" + n).orElse(null))));
        }
        Optional<InboundReply.OptOut> optOut = request.formParam("OptOutType").flatMap(t -> switch (t.strip().toUpperCase(java.util.Locale.ROOT)) {
            case "STOP" -> Optional.of(InboundReply.OptOut.STOP);
            case "START" -> Optional.of(InboundReply.OptOut.START);
            default -> Optional.empty();
        });
        InboundReply reply = new InboundReply(sid.get(), from.get(), request.formParam("Body").orElse(""), media,
                clock.instant(), optOut);
        return new Decoded(new Answer(200, "text/xml", TWIML), List.of(), List.of(reply));
    }
}
