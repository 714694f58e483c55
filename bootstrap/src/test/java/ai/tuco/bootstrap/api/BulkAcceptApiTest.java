package ai.tuco.bootstrap.api;

import static ai.tuco.bootstrap.api.ApiFixture.DEMO_LEAD;
import static ai.tuco.bootstrap.api.ApiFixture.DEMO_LINE;
import static ai.tuco.bootstrap.api.ApiFixture.freshPhone;
import static ai.tuco.bootstrap.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/messages/batch}: the single accept's fields and rules per item, one result per item in order, valid
 * items accepted whatever the others do, 400 only for a broken envelope, every item against the rate limit.
 */
class BulkAcceptApiTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();
    @RegisterExtension
    static final PostgresExtension limitedDb = new PostgresExtension();

    static ApiFixture api;

    @BeforeAll
    static void start() {
        api = ApiFixture.start(db, "TUCO_RATE_LIMIT_PER_MINUTE", "5000");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static String envelope(Object... pairs) {
        return json(pairs);
    }

    static long count(String sql) {
        return api.db.jdbi().withHandle(h -> h.select(sql).mapTo(Long.class).one());
    }

    TestHttpResponse bulk(String body, String... headers) {
        var r = api.post(api.demo.apiKey(), "/api/messages/batch", body, headers);
        return new TestHttpResponse(r.status(), r.status() < 500 ? r.json() : null, r.header("Idempotent-Replayed"), r.body());
    }

    record TestHttpResponse(int status, JsonNode json, String replayed, String body) {}

    @Test
    void mixedItems_areAnsweredOneByOneInOrder_andTheValidOnesAccepted() {
        String phone = freshPhone();
        var r = bulk(envelope("batchId", "campaign-7", "messages", List.of(
                Map.of("message", "Hi {{firstName}}", "leadId", DEMO_LEAD, "fromLineId", DEMO_LINE),
                Map.of("message", "bad phone", "recipientPhone", "12345"),
                Map.of("message", "unknown lead", "leadId", "aaaaaaaaaaaaaaaaaaaaaaaa"),
                Map.of("message", "raw contact", "recipientPhone", phone, "recipientName", "Bulk Person", "batchId", "own-batch"),
                "not an object")));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(r.json().get("failed").asInt()).isEqualTo(3);
        JsonNode results = r.json().get("results");
        assertThat(results).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
        }
        assertThat(results.get(0).get("success").asBoolean()).isTrue();
        assertThat(results.get(0).at("/message/batchId").asText()).isEqualTo("campaign-7");
        assertThat(results.get(0).at("/message/status").asText()).isEqualTo("queued");
        assertThat(results.get(1).get("status").asInt()).isEqualTo(400);
        assertThat(results.get(1).at("/details/0/field").asText()).isEqualTo("recipientPhone");
        assertThat(results.get(2).get("status").asInt()).isEqualTo(404);
        assertThat(results.get(2).get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(results.get(3).get("duplicateOnly").asBoolean()).isFalse();
        assertThat(results.get(3).at("/message/batchId").asText()).isEqualTo("own-batch");
        assertThat(results.get(4).get("status").asInt()).isEqualTo(400);
        for (int i : new int[] {0, 3}) {
            String id = results.get(i).at("/message/_id").asText();
            var stored = api.get(api.demo.apiKey(), "/api/messages/" + id);
            assertThat(stored.status()).isEqualTo(200);
            assertThat(stored.json().at("/message/message").asText()).isEqualTo(results.get(i).at("/message/message").asText());
        }
        assertThat(count("SELECT count(*) FROM messages WHERE template IN ('bad phone', 'unknown lead')")).isZero();
    }

    @Test
    void aBrokenEnvelope_is400NamingMessages() {
        assertThat(bulk(envelope("batchId", "x")).status()).isEqualTo(400);
        var notArray = bulk(envelope("messages", "nope"));
        assertThat(notArray.status()).isEqualTo(400);
        assertThat(notArray.json().at("/details/0/field").asText()).isEqualTo("messages");
        assertThat(bulk(envelope("messages", List.of())).status()).isEqualTo(400);
        List<Map<String, String>> tooMany = IntStream.range(0, 1001).mapToObj(i -> Map.of("message", "m", "leadId", DEMO_LEAD)).toList();
        var r = bulk(envelope("messages", tooMany));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/details/0/message").asText()).contains("1000");
    }

    @Test
    void aThousandItems_areAllAccepted_inOrder() {
        List<Map<String, String>> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(Map.of("message", "thousand " + i, "recipientPhone", "+1646555" + String.format("%04d", i),
                    "fromLineId", DEMO_LINE));
        }
        var r = bulk(envelope("messages", items));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(1000);
        for (int i = 0; i < 1000; i += 97) {
            assertThat(r.json().at("/results/" + i + "/message/message").asText()).isEqualTo("thousand " + i);
            assertThat(r.json().at("/results/" + i + "/message/recipientPhone").asText())
                    .isEqualTo("+1646555" + String.format("%04d", i));
        }
        assertThat(count("SELECT count(*) FROM messages WHERE template LIKE 'thousand %'")).isEqualTo(1000);
    }

    @Test
    void anIdempotencyKey_coversTheWholeCall() {
        String body = envelope("messages", List.of(Map.of("message", "bulk once", "leadId", DEMO_LEAD)));
        var first = bulk(body, "Idempotency-Key", "bulk-key");
        var again = bulk(body, "Idempotency-Key", "bulk-key");

        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.replayed()).isEqualTo("true");
        assertThat(count("SELECT count(*) FROM messages WHERE template = 'bulk once'")).isEqualTo(1);
    }

    @Test
    void itemsPastTheRateLimit_failWith429_andTheOthersAreAccepted() {
        try (ApiFixture limited = ApiFixture.start(limitedDb, "TUCO_RATE_LIMIT_PER_MINUTE", "3")) {
            String body = envelope("messages", IntStream.range(0, 5)
                    .mapToObj(i -> Map.of("message", "limited " + i, "leadId", DEMO_LEAD)).toList());
            var r = limited.post(limited.demo.apiKey(), "/api/messages/batch", body);

            assertThat(r.status()).isEqualTo(200);
            JsonNode results = r.json().get("results");
            assertThat(results.get(2).get("success").asBoolean()).isTrue();
            assertThat(results.get(3).get("status").asInt()).isEqualTo(429);
            assertThat(results.get(3).get("code").asText()).isEqualTo("RATE_LIMITED");
            assertThat(r.json().get("accepted").asInt()).isEqualTo(3);
            assertThat(limited.post(limited.demo.apiKey(), "/api/messages/batch", body).status())
                    .as("the bucket is empty now").isEqualTo(429);
        }
    }

    @Test
    void aBodyOverSixteenMebibytes_is413_andOneOverOneMebibyteIsFine() {
        String padding = "x".repeat(1_500_000);
        var big = bulk(envelope("messages", List.of(Map.of("message", "big body", "leadId", DEMO_LEAD)), "pad", padding));
        assertThat(big.status()).isEqualTo(200);
        // declared, not sent: a client still streaming 17 MiB may see the connection closed under it after the answer
        var tooBig = api.http.headOnly("POST", "/api/messages/batch", "application/json", 17L * 1024 * 1024,
                "Authorization", "Bearer " + api.demo.apiKey());
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.json().get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    }
}
