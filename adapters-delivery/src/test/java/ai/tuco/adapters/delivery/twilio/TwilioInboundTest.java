package ai.tuco.adapters.delivery.twilio;

import static ai.tuco.adapters.delivery.twilio.TwilioProviderTest.CALLBACK_BASE;
import static ai.tuco.adapters.delivery.twilio.TwilioProviderTest.CLOCK;
import static ai.tuco.adapters.delivery.twilio.TwilioProviderTest.FROM;
import static ai.tuco.adapters.delivery.twilio.TwilioProviderTest.PROVIDER;
import static ai.tuco.adapters.delivery.twilio.TwilioProviderTest.SID;
import static ai.tuco.adapters.delivery.twilio.TwilioProviderTest.inbound;
import static ai.tuco.adapters.delivery.twilio.TwilioProviderTest.line;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.provider.port.out.spi.Callbacks;
import ai.tuco.application.provider.port.out.spi.InboundReply;
import ai.tuco.providers.testkit.CallbackCase;
import ai.tuco.providers.testkit.ProviderTestKit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Twilio incoming messages ({@code POST {callbackBase}/inbound}) through the provider's callbacks, run by the test kit.
 * The form is Twilio's incoming-message webhook as documented at
 * https://www.twilio.com/docs/messaging/guides/webhook-request ({@code ToCountry ... MessageSid, AccountSid, From,
 * ApiVersion}, {@code NumMedia} with {@code MediaUrl{N}} / {@code MediaContentType{N}}) and
 * https://help.twilio.com/articles/31560110671259 / https://www.twilio.com/docs/messaging/tutorials/advanced-opt-out
 * ({@code OptOutType} = STOP, START or HELP); the answer is empty TwiML
 * (https://www.twilio.com/docs/messaging/twiml). Signatures were computed outside the code under test with Python's
 * hmac following twilio-python {@code twilio/request_validator.py} {@code compute_signature} (URL, then each parameter
 * name and value sorted by name, HMAC-SHA1 with the auth token, base64).
 */
class TwilioInboundTest {
    static final String INBOUND_URL = CALLBACK_BASE + "/inbound";
    static final String PLAIN_SID = "SM9a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String LEAD = "+15558675310";
    static final String MMS_SID = "MM3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b";
    static final String MEDIA = "https://api.twilio.com/2010-04-01/Accounts/" + SID + "/Messages/" + MMS_SID + "/Media/";

    static Map<String, List<String>> form(String body, String sid, String... extra) {
        Map<String, List<String>> f = new LinkedHashMap<>();
        String[] base = {"ToCountry", "US", "ToState", "CA", "SmsMessageSid", sid, "NumMedia", "0", "ToCity", "",
                "FromZip", "94105", "SmsSid", sid, "FromState", "CA", "SmsStatus", "received", "FromCity", "SAN FRANCISCO",
                "Body", body, "FromCountry", "US", "To", FROM, "ToZip", "", "NumSegments", "1", "MessageSid", sid,
                "AccountSid", SID, "From", LEAD, "ApiVersion", "2010-04-01"};
        for (int i = 0; i < base.length; i += 2) {
            f.put(base[i], List.of(base[i + 1]));
        }
        for (int i = 0; i < extra.length; i += 2) {
            f.put(extra[i], List.of(extra[i + 1]));
        }
        return f;
    }

    static InboundReply reply(String sid, String text, List<InboundReply.Attachment> media, Optional<InboundReply.OptOut> optOut) {
        return new InboundReply(sid, LEAD, text, media, CLOCK.instant(), optOut);
    }

    static CallbackCase row(String name, String url, Map<String, List<String>> form, String signature, int status,
            InboundReply... replies) {
        return new CallbackCase(name, line("https://api.twilio.com", true, Map.of()), l -> inbound(url, form, signature), status,
                List.of(), List.of(replies));
    }

    static Stream<CallbackCase> rows() {
        Map<String, List<String>> plain = form("Yes, Tuesday works", PLAIN_SID);
        Map<String, List<String>> changed = new LinkedHashMap<>(plain);
        changed.put("Body", List.of("STOP"));
        Map<String, List<String>> noFrom = new LinkedHashMap<>(plain);
        noFrom.remove("From");
        return Stream.of(
                row("a reply", INBOUND_URL, plain, "A2hxa/xmpU8AhFmdjmFLdUAPfd8=", 200,
                        reply(PLAIN_SID, "Yes, Tuesday works", List.of(), Optional.empty())),
                row("the same reply again (Twilio retried): the same reply, stored once by the use case", INBOUND_URL, plain,
                        "A2hxa/xmpU8AhFmdjmFLdUAPfd8=", 200, reply(PLAIN_SID, "Yes, Tuesday works", List.of(), Optional.empty())),
                row("STOP with OptOutType=STOP", INBOUND_URL, form("STOP", "SM0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", "OptOutType", "STOP"),
                        "BfCS4LwremIWw6gWBuWorc0/E28=", 200, new InboundReply("SM0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", LEAD, "STOP",
                                List.of(), CLOCK.instant(), Optional.of(InboundReply.OptOut.STOP))),
                row("start with OptOutType=START", INBOUND_URL, form("start", "SM1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f", "OptOutType", "START"),
                        "qmJtrhZG09fOFFyh/CVEsyoFhec=", 200, new InboundReply("SM1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f", LEAD, "start",
                                List.of(), CLOCK.instant(), Optional.of(InboundReply.OptOut.START))),
                row("HELP with OptOutType=HELP: a reply, no opt-out class", INBOUND_URL,
                        form("HELP", "SM2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a", "OptOutType", "HELP"), "rY/LV4Gx4q3JSNJAdDjKO6lmOXY=", 200,
                        new InboundReply("SM2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a", LEAD, "HELP", List.of(), CLOCK.instant(), Optional.empty())),
                row("MMS: media URLs and types, not downloaded", INBOUND_URL, form("Here is the photo", MMS_SID, "NumMedia", "2",
                                "MediaContentType0", "image/jpeg", "MediaUrl0", MEDIA + "ME0a1b2c3d4e5f60718293a4b5c6d7e8f9",
                                "MediaContentType1", "application/pdf", "MediaUrl1", MEDIA + "ME1b2c3d4e5f60718293a4b5c6d7e8f90a"),
                        "pudKu2jwhseZ7wkDqatRySrDJt0=", 200, new InboundReply(MMS_SID, LEAD, "Here is the photo", List.of(
                                new InboundReply.Attachment(MEDIA + "ME0a1b2c3d4e5f60718293a4b5c6d7e8f9", "image/jpeg"),
                                new InboundReply.Attachment(MEDIA + "ME1b2c3d4e5f60718293a4b5c6d7e8f90a", "application/pdf")),
                                CLOCK.instant(), Optional.empty())),
                row("Twilio signed with :443, our public URL has none", INBOUND_URL, plain, "1pGFFr4778YbBfbrnU9hR5j6t/o=", 200,
                        reply(PLAIN_SID, "Yes, Tuesday works", List.of(), Optional.empty())),
                row("forged: a wrong signature", INBOUND_URL, plain, "A2hxa/xmpU8AhFmdjmFLdUAPfd8" + "A", 403),
                row("forged: the signed body changed into a STOP", INBOUND_URL, changed, "A2hxa/xmpU8AhFmdjmFLdUAPfd8=", 403),
                row("forged: no signature", INBOUND_URL, plain, null, 403),
                row("signed, but no From: 400, nothing recorded", INBOUND_URL, noFrom, "GKh28A3Wd418mmFW1oGM56JTvfU=", 400),
                row("an unknown path: 404", CALLBACK_BASE + "/replies", plain, "A2hxa/xmpU8AhFmdjmFLdUAPfd8=", 404));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void inboundTable(CallbackCase c) {
        Callbacks.Decoded decoded = ProviderTestKit.runCallback(PROVIDER, c);
        if (c.expectedStatus() == 200) {
            // TwiML, so Twilio sends no reply of its own
            assertThat(decoded.answer().contentType()).isEqualTo("text/xml");
            assertThat(decoded.answer().body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
        }
        assertThat(decoded.updates()).isEmpty();
    }
}
