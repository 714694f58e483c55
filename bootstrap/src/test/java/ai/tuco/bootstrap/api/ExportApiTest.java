package ai.tuco.bootstrap.api;

import static ai.tuco.bootstrap.api.ApiFixture.freshPhone;
import static ai.tuco.bootstrap.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.bootstrap.TestHttp;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.workspace.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /api/messages/export} and {@code GET /api/leads/export} over real HTTP on real PostgreSQL, read in pages
 * of 3 rows ({@code TUCO_EXPORT_PAGE_SIZE}) so every export crosses page boundaries: the CSV parses back (with
 * commons-csv) to the list API's objects for the same filters, NDJSON is those objects line by line, cells are
 * quoted per RFC 4180 and formula-neutralised while phones stay E.164, workspaces never see each other's rows, and a
 * bad parameter is a 400 naming it before any byte of an export.
 */
class ExportApiTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static final String TRICKY = "Hello, \"world\"\nsecond line; ünïcødé — 😀";
    static final List<String> FORMULAS = List.of("=1+1", "@SUM(A1:A9)", "-2", "+cmd|' /C calc'!A0");
    static final Set<String> MESSAGE_PHONES = Set.of("fromLinePhone", "recipientPhone");
    static final Set<String> LEAD_PHONES = Set.of("phone", "altPhone1", "altPhone2", "altPhone3");
    static final String STAMP = "\\d{8}T\\d{6}Z";

    static ApiFixture api;
    static TestWorkspace a;
    static String member;
    static String aImessage;
    static String aSms;
    static String aEmail;
    static TestWorkspace b;
    static String bMember;

    @BeforeAll
    static void start() {
        api = ApiFixture.start(db, "TUCO_EXPORT_PAGE_SIZE", "3");
        a = api.workspace("US");
        member = api.key(a.id(), Role.MEMBER, Optional.empty());
        aImessage = api.line(a.id(), "+13125554001", Channel.IMESSAGE);
        aSms = api.line(a.id(), "+13125554002", Channel.SMS);
        aEmail = api.line(a.id(), "team@exp.example", Channel.EMAIL);
        b = api.workspace("US");
        bMember = api.key(b.id(), Role.MEMBER, Optional.empty());
        String bLine = api.line(b.id(), "+13125554101", Channel.IMESSAGE);

        sendA("message", TRICKY, "recipientPhone", freshPhone(), "recipientName", "Zoë O'Brien, Jr.", "batchId", "exp-1",
                "timezone", "America/New_York", "sendWindowStart", "08:30", "sendWindowEnd", "20:00",
                "allowedDaysOfWeek", List.of("mon", "fri"));
        for (String formula : FORMULAS) {
            sendA("message", formula, "recipientPhone", freshPhone(), "recipientName", formula, "batchId", "exp-1");
        }
        for (int i = 0; i < 3; i++) {
            sendA("message", "plain " + i, "recipientPhone", freshPhone(), "batchId", "exp-1", "fromLineId", aSms,
                    "messageType", "sms");
        }
        sendA("message", "by email", "messageType", "email", "fromLineId", aEmail, "recipientEmail", "ann@exp.example",
                "subject", "@subject, \"quoted\"", "batchId", "exp-1");
        sendA("message", "another batch", "recipientPhone", freshPhone(), "batchId", "exp-2");
        api.send(api.key(b.id(), Role.ADMIN, Optional.empty()), json("message", "B's secret", "recipientPhone", freshPhone(),
                "batchId", "exp-1", "fromLineId", bLine));
        // a lead of B, for the tenant checks of the lead export
        api.post(b.adminKey(), "/api/leads", json("leads", List.of(Map.of("firstName", "Bea", "phone", freshPhone())),
                "listId", "exp-list"));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static JsonNode sendA(Object... pairs) {
        return api.send(a.adminKey(), json(pairs)).get("message");
    }

    // ---- messages -----------------------------------------------------------------------------------------------------

    @Test
    void csvExport_parsesBackToTheListsMessagesForTheSameFilter_acrossPages() {
        var r = api.get(member, "/api/messages/export?format=csv&batchId=exp-1");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
        assertThat(r.header("Content-Disposition")).matches("attachment; filename=\"messages-" + STAMP + "\\.csv\"");
        List<JsonNode> listed = listMessages(member, "batchId=exp-1");
        assertThat(listed).hasSize(9);
        Csv csv = csv(r.body());
        assertThat(csv.header()).containsExactlyElementsOf(flattenedKeys(listed.get(0)));
        assertSameRows(csv, listed, MESSAGE_PHONES);
    }

    @Test
    void ndjsonExport_isTheListsMessagesOnePerLine_acrossPages() {
        var r = api.get(member, "/api/messages/export?format=ndjson&batchId=exp-1");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/x-ndjson; charset=utf-8");
        assertThat(r.header("Content-Disposition")).matches("attachment; filename=\"messages-" + STAMP + "\\.ndjson\"");
        assertThat(r.body()).endsWith("\n").doesNotContain("\r");
        assertThat(ndjson(r.body())).containsExactlyElementsOf(listMessages(member, "batchId=exp-1"));
    }

    @Test
    void everyListFilter_export_matchesTheListWithTheSameFilters() {
        JsonNode oldest = listMessages(member, "batchId=exp-1").get(8);
        String leadOfTricky = oldest.get("leadId").asText();
        String createdFrom = URLEncoder.encode(listMessages(member, "batchId=exp-1").get(5).get("createdAt").asText(),
                StandardCharsets.UTF_8);
        for (String query : List.of("", "status=queued", "messageType=sms", "messageType=email", "fromLineId=" + aImessage,
                "leadId=" + leadOfTricky, "createdFrom=" + createdFrom + "&batchId=exp-1",
                "createdTo=" + URLEncoder.encode(oldest.get("createdAt").asText(), StandardCharsets.UTF_8),
                "status=delivered")) {
            List<JsonNode> listed = listMessages(member, query);
            var r = api.get(member, "/api/messages/export?format=ndjson&" + query);
            assertThat(r.status()).as(query + " -> " + r.body()).isEqualTo(200);
            assertThat(ndjson(r.body())).as(query).containsExactlyElementsOf(listed);
            assertSameRows(csv(api.get(member, "/api/messages/export?" + query).body()), listed, MESSAGE_PHONES);
        }
    }

    @Test
    void commasQuotesNewlinesAndNonAscii_areQuotedPerRfc4180InUtf8WithoutBom() {
        String body = api.get(member, "/api/messages/export?format=csv&batchId=exp-1").body();

        assertThat(body).doesNotStartWith("\uFEFF").startsWith("_id,workspaceId,message,");
        assertThat(body.substring(0, body.indexOf('\n'))).endsWith("\r");
        assertThat(body).contains(",\"Hello, \"\"world\"\"\nsecond line; ünïcødé — 😀\",");
        assertThat(body).contains(",\"Zoë O'Brien, Jr.\",");
        Csv csv = csv(body);
        CSVRecord tricky = csv.records().get(csv.records().size() - 1);
        assertThat(tricky.get("message")).isEqualTo(TRICKY);
        assertThat(tricky.get("settings.timezone")).isEqualTo("America/New_York");
        assertThat(tricky.get("settings.allowedDaysOfWeek")).isEqualTo("[1,5]");
        CSVRecord email = csv.records().get(0);
        assertThat(email.get("subject")).isEqualTo("'@subject, \"quoted\"");
        assertThat(email.get("fromLineEmail")).isEqualTo("team@exp.example");
        assertThat(body).contains(",\"'@subject, \"\"quoted\"\"\",");
    }

    @Test
    void formulaLikeText_isNeutralisedWithAQuote_whilePhonesStayE164() {
        Csv csv = csv(api.get(member, "/api/messages/export?batchId=exp-1").body());

        List<String> messages = csv.records().stream().map(rec -> rec.get("message")).toList();
        assertThat(messages).contains("'=1+1", "'@SUM(A1:A9)", "'-2", "'+cmd|' /C calc'!A0").doesNotContain("=1+1", "-2");
        assertThat(csv.records().stream().map(rec -> rec.get("recipientName")).toList()).contains("'=1+1", "'+cmd|' /C calc'!A0");
        assertThat(csv.records()).allSatisfy(rec -> {
            if (!rec.get("messageType").equals("email")) {
                assertThat(rec.get("recipientPhone")).matches("\\+1312555\\d{4}");
                assertThat(rec.get("fromLinePhone")).isIn("+13125554001", "+13125554002");
            }
        });
    }

    @Test
    void anotherWorkspacesRows_neverAppearInAnExport() {
        List<JsonNode> aRows = ndjson(api.get(member, "/api/messages/export?format=ndjson&batchId=exp-1").body());
        List<JsonNode> bRows = ndjson(api.get(bMember, "/api/messages/export?format=ndjson&batchId=exp-1").body());

        assertThat(aRows).extracting(m -> m.get("workspaceId").asText()).containsOnly(a.idValue());
        assertThat(aRows).extracting(m -> m.get("message").asText()).doesNotContain("B's secret");
        assertThat(bRows).extracting(m -> m.get("message").asText()).containsExactly("B's secret");
        String bLead = bRows.get(0).get("leadId").asText();
        assertThat(ndjson(api.get(member, "/api/messages/export?format=ndjson&leadId=" + bLead).body())).isEmpty();
        assertThat(csv(api.get(member, "/api/messages/export?leadId=" + bLead).body()).records()).isEmpty();
        assertThat(csv(api.get(member, "/api/leads/export?listId=exp-list").body()).records()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"format=xml", "format=CSV", "status=lost", "messageType=fax", "fromLineId=nothex", "leadId=123",
            "createdFrom=yesterday", "createdTo=2026-01-01"})
    void aBadParameter_isA400NamingIt_beforeAnyExportByte(String query) {
        var r = api.get(member, "/api/messages/export?" + query);

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("Content-Disposition")).isNull();
        assertThat(r.json().get("code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(r.json().at("/details/0/field").asText()).isEqualTo(query.substring(0, query.indexOf('=')));
    }

    @Test
    void severalBadParameters_areAllNamedAtOnce_andTheLeadExportRefusesABadFormatToo() {
        var r = api.get(member, "/api/messages/export?format=pdf&status=lost&limit=100000&cursor=junk");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("details").findValuesAsText("field")).containsExactly("format", "status");

        var leads = api.get(member, "/api/leads/export?format=xlsx");
        assertThat(leads.status()).isEqualTo(400);
        assertThat(leads.json().at("/details/0/field").asText()).isEqualTo("format");
    }

    @Test
    void withoutACredential_anExportIs401() {
        assertThat(api.http.get("/api/messages/export").status()).isEqualTo(401);
        assertThat(api.http.get("/api/leads/export").status()).isEqualTo(401);
    }

    // ---- leads -----------------------------------------------------------------------------------------------------

    @Test
    void leadExports_areTheSearchsLeadsForTheSameListAndText_asCsvAndNdjson_acrossPages() {
        List<Map<String, Object>> leads = new ArrayList<>();
        leads.add(Map.of("firstName", "=1+1", "lastName", "Ng", "phone", freshPhone(), "altPhone1", freshPhone(),
                "notes", "@SUM(A1)", "companyName", "-2 Corp", "customFields", Map.of("plan", "+cmd", "seats", "3")));
        leads.add(Map.of("firstName", "Zoë", "lastName", "Quote \"Q\", Esq.", "email", "zoe@exp.example",
                "notes", "line one\nline two", "jobTitle", "+cmd|' /C calc'!A0"));
        for (int i = 0; i < 5; i++) {
            leads.add(Map.of("firstName", "Lead" + i, "phone", freshPhone(), "companyName", "Acme"));
        }
        var imported = api.post(a.adminKey(), "/api/leads", json("leads", leads, "listId", "exp-list"));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);

        var r = api.get(member, "/api/leads/export?listId=exp-list");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Content-Disposition")).matches("attachment; filename=\"leads-" + STAMP + "\\.csv\"");
        List<JsonNode> listed = listLeads("listId=exp-list");
        assertThat(listed).hasSize(7);
        Csv csv = csv(r.body());
        assertThat(csv.header()).containsExactlyElementsOf(flattenedKeys(listed.get(0)));
        assertSameRows(csv, listed, LEAD_PHONES);
        CSVRecord first = csv.records().stream().filter(rec -> rec.get("lastName").equals("Ng")).findFirst().orElseThrow();
        assertThat(first.get("firstName")).isEqualTo("'=1+1");
        assertThat(first.get("notes")).isEqualTo("'@SUM(A1)");
        assertThat(first.get("companyName")).isEqualTo("'-2 Corp");
        assertThat(first.get("phone")).matches("\\+1312555\\d{4}");
        assertThat(first.get("altPhone1")).matches("\\+1312555\\d{4}");
        JsonNode expectedCustom = TestHttp.JSON.valueToTree(Map.of("plan", "+cmd", "seats", "3"));
        assertThat(parseJson(first.get("customFields"))).isEqualTo(expectedCustom);

        var nd = api.get(member, "/api/leads/export?format=ndjson&listId=exp-list");
        assertThat(nd.header("Content-Type")).isEqualTo("application/x-ndjson; charset=utf-8");
        assertThat(ndjson(nd.body())).containsExactlyElementsOf(listed);
        assertThat(ndjson(api.get(member, "/api/leads/export?format=ndjson&listId=exp-list&search=acme").body()))
                .containsExactlyElementsOf(listLeads("listId=exp-list&search=acme")).hasSize(5);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------------

    /** Every message the list shows for the query, following its cursors. */
    static List<JsonNode> listMessages(String key, String query) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            var r = api.get(key, "/api/messages?limit=2&" + query + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            r.json().get("messages").forEach(all::add);
            cursor = r.json().get("nextCursor").isNull() ? null : r.json().get("nextCursor").asText();
        } while (cursor != null);
        return all;
    }

    static List<JsonNode> listLeads(String query) {
        var r = api.get(member, "/api/leads?limit=100&" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> all = new ArrayList<>();
        r.json().get("leads").forEach(all::add);
        return all;
    }

    record Csv(List<String> header, List<CSVRecord> records) {}

    static Csv csv(String body) {
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(body))) {
            return new Csv(p.getHeaderNames(), p.getRecords());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> ndjson(String body) {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                rows.add(parseJson(line));
            }
        }
        return rows;
    }

    static JsonNode parseJson(String text) {
        try {
            return TestHttp.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** The object's keys in order, a nested object's as {@code outer.inner} (settings is null on some messages: taken from one that has it). */
    static List<String> flattenedKeys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equals("settings")) {
                List.of("timezone", "sendWindowStart", "sendWindowEnd", "allowedDaysOfWeek").forEach(n -> keys.add(k + "." + n));
            } else {
                keys.add(k);
            }
        }
        return keys;
    }

    /** Each CSV record holds, column by column, what the README says the cell of that API object's field is. */
    static void assertSameRows(Csv csv, List<JsonNode> objects, Set<String> phones) {
        assertThat(csv.records()).hasSameSizeAs(objects);
        for (int i = 0; i < objects.size(); i++) {
            JsonNode o = objects.get(i);
            CSVRecord rec = csv.records().get(i);
            for (String column : csv.header()) {
                JsonNode value = column.contains(".") ? o.path(column.substring(0, column.indexOf('.')))
                        .path(column.substring(column.indexOf('.') + 1)) : o.get(column);
                assertThat(rec.get(column)).as("row %d column %s", i, column).isEqualTo(expectedCell(value, phones.contains(column)));
            }
        }
    }

    static String expectedCell(JsonNode value, boolean phone) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        String text = value.isContainerNode() ? value.toString() : value.asText();
        if (phone && text.matches("\\+[1-9]\\d{1,14}")) {
            return text;
        }
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }
}
