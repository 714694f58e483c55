package ai.tuco.bootstrap.dispatch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A local Twilio REST API for one account, answering per path in Twilio's documented shapes (the same fixtures as
 * adapters-delivery's {@code TwilioProviderTest}): the Message resource (https://www.twilio.com/docs/messaging/api/
 * message-resource, twilio-python {@code twilio/rest/api/v2010/account/message/__init__.py}), the Account resource
 * (https://www.twilio.com/docs/iam/api/account, which does echo {@code auth_token}) and the error body
 * {@code {code, message, more_info, status}} (https://www.twilio.com/docs/usage/twilios-response; 20003 is
 * "Authenticate"). Basic authentication is checked as Twilio does; {@link #refuseCredentials} makes it answer every
 * call 401 20003, as for a rotated token; a send to a number in {@link #optedOut} is answered 400 21610, as Twilio does for
 * a recipient who texted STOP (https://www.twilio.com/docs/api/errors/21610).
 */
final class TwilioStub implements AutoCloseable {
    final String accountSid;
    final String authToken;
    final MockWebServer server = new MockWebServer();
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    volatile boolean refuseCredentials;
    /** Numbers Twilio itself blocks (they texted STOP to the sending number): sends to them are refused with 21610. */
    final Set<String> optedOut = ConcurrentHashMap.newKeySet();

    TwilioStub(String accountSid, String authToken) throws IOException {
        this.accountSid = accountSid;
        this.authToken = authToken;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                return answer(request);
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    String messagesPath() {
        return "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
    }

    String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
    }

    List<RecordedRequest> sends() {
        return requests.stream().filter(r -> r.getMethod().equals("POST") && r.getUrl().encodedPath().equals(messagesPath())).toList();
    }

    @Override
    public void close() {
        server.close();
    }

    private MockResponse answer(RecordedRequest r) {
        if (refuseCredentials || !authorization().equals(r.getHeaders().get("Authorization"))) {
            return json(401, error(20003, "Authenticate", 401));
        }
        String path = r.getUrl().encodedPath();
        if (r.getMethod().equals("GET") && path.equals("/2010-04-01/Accounts/" + accountSid + ".json")) {
            return json(200, """
                    {"auth_token": "%s", "date_created": "Sun, 01 Nov 2026 00:00:00 +0000",
                     "date_updated": "Sun, 01 Nov 2026 00:00:00 +0000", "friendly_name": "Tuco", "owner_account_sid": "%s",
                     "sid": "%s", "status": "active", "subresource_uris": {}, "type": "Full", "uri": "/2010-04-01/Accounts/%s.json"}
                    """.formatted(authToken, accountSid, accountSid, accountSid));
        }
        if (r.getMethod().equals("POST") && path.equals(messagesPath())) {
            String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
            String form = r.getBody() == null ? "" : r.getBody().utf8();
            Map<String, String> fields = form(form);
            if (optedOut.contains(fields.get("To"))) {
                return json(400, error(21610, "Attempt to send to unsubscribed recipient", 400));
            }
            return json(201, """
                    {"account_sid": "%s", "api_version": "2010-04-01", "body": %s,
                     "date_created": "Tue, 01 Dec 2026 10:05:00 +0000", "date_sent": null, "date_updated": "Tue, 01 Dec 2026 10:05:00 +0000",
                     "direction": "outbound-api", "error_code": null, "error_message": null, "from": %s,
                     "messaging_service_sid": null, "num_media": "0", "num_segments": "1", "price": null, "price_unit": "USD",
                     "sid": "%s", "status": "queued",
                     "subresource_uris": {"media": "/2010-04-01/Accounts/%s/Messages/%s/Media.json"},
                     "to": "%s", "uri": "/2010-04-01/Accounts/%s/Messages/%s.json"}
                    """.formatted(accountSid, quote(fields.getOrDefault("Body", "")), quote(fields.getOrDefault("From", "")), sid,
                    accountSid, sid, fields.getOrDefault("To", ""), accountSid, sid));
        }
        return json(404, error(20404, "The requested resource was not found", 404));
    }

    /** A form body's fields, decoded (Twilio's clients never repeat a name). */
    static Map<String, String> form(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String error(int code, String message, int status) {
        return """
                {"code": %d, "message": "%s", "more_info": "https://www.twilio.com/docs/errors/%d", "status": %d}
                """.formatted(code, message, code, status);
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }
}
