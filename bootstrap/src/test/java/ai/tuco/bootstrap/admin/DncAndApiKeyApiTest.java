package ai.tuco.bootstrap.admin;

import static ai.tuco.bootstrap.admin.AdminFixture.ID;
import static ai.tuco.bootstrap.admin.AdminFixture.TIME;
import static ai.tuco.bootstrap.admin.AdminFixture.detailFields;
import static ai.tuco.bootstrap.admin.AdminFixture.error;
import static ai.tuco.bootstrap.admin.AdminFixture.json;
import static ai.tuco.bootstrap.admin.AdminFixture.stream;
import static ai.tuco.bootstrap.admin.AdminFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.bootstrap.admin.AdminFixture.Response;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.WorkspaceStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /api/dnc} and {@code /api/api-keys} over real HTTP against real PostgreSQL: normalised listings, 409 for
 * duplicates, paging and search, removal; keys shown once, never listed with their secret, revoked at once; the
 * admin / member rule, tenant isolation, read-only mode and audit rows.
 */
class DncAndApiKeyApiTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static AdminFixture api;

    @BeforeAll
    static void start() {
        api = AdminFixture.start(db);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static JsonNode listed(String key, String body) {
        Response r = api.post(key, "/api/dnc", body);
        assertThat(r.status()).as("POST /api/dnc %s -> %s", body, r).isEqualTo(201);
        assertThat(r.json().path("success").asBoolean()).isTrue();
        return r.json().path("entry");
    }

    private static long dncCount(TestWorkspace ws) {
        return api.count("SELECT count(*) FROM do_not_contact WHERE workspace_id = ?", ws.idValue());
    }

    // ---- do-not-contact --------------------------------------------------------------------------------------------

    @Test
    void a_phone_is_listed_in_e164_and_listing_it_again_in_any_format_answers_the_existing_entry() {
        TestWorkspace ws = api.workspace();
        JsonNode entry = listed(ws.adminKey(), json("phone", "(202) 555-0501", "reason", " asked us to stop "));
        assertThat(entry.path("_id").asText()).matches(ID);
        assertThat(entry.path("phone").asText()).isEqualTo("+12025550501");
        assertThat(entry.path("email").isNull()).isTrue();
        assertThat(entry.path("reason").asText()).isEqualTo("asked us to stop");
        assertThat(entry.path("source").asText()).isEqualTo("api");
        assertThat(entry.path("createdAt").asText()).matches(TIME);

        assertThat(api.post(ws.adminKey(), "/api/dnc", json("phone", "+12025550599")).json().path("alreadyListed").asBoolean())
                .isFalse();
        for (String again : List.of("+12025550501", "202.555.0501", "+1 (202) 555-0501")) {
            Response r = api.post(ws.adminKey(), "/api/dnc", json("phone", again, "reason", "a second reason"));
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            assertThat(r.json().path("success").asBoolean()).isTrue();
            assertThat(r.json().path("alreadyListed").asBoolean()).isTrue();
            assertThat(r.json().path("entry")).isEqualTo(entry); // the first entry, its reason unchanged
        }
        assertThat(dncCount(ws)).isEqualTo(2);
        assertThat(api.audit(ws, "dnc.add")).hasSize(2).anySatisfy(a -> {
            assertThat(a.get("target_id")).isEqualTo(entry.path("_id").asText());
            assertThat((String) a.get("detail")).contains("asked us to stop");
        });
    }

    @Test
    void an_email_is_listed_lower_cased_and_listing_it_again_in_any_case_answers_the_existing_entry() {
        TestWorkspace ws = api.workspace();
        JsonNode entry = listed(ws.adminKey(), json("email", "  Stop.Me@Example.COM "));
        assertThat(entry.path("email").asText()).isEqualTo("stop.me@example.com");
        assertThat(entry.path("phone").isNull()).isTrue();
        assertThat(entry.path("reason").asText()).isEmpty();
        Response again = api.post(ws.adminKey(), "/api/dnc", json("email", "STOP.ME@example.com", "reason", "again"));
        assertThat(again.status()).as("%s", again).isEqualTo(200);
        assertThat(again.json().path("alreadyListed").asBoolean()).isTrue();
        assertThat(again.json().path("entry")).isEqualTo(entry);
        assertThat(dncCount(ws)).isEqualTo(1);
    }

    @Test
    void a_listing_needs_exactly_one_valid_phone_or_email() {
        TestWorkspace ws = api.workspace();
        record Case(String body, String field) {}
        for (Case c : List.of(
                new Case(json("phone", "+12025550511", "email", "both@example.com"), "phone"),
                new Case(json("reason", "no address"), "phone"),
                new Case(json("phone", "555"), "phone"),
                new Case(json("phone", 12025550511L), "phone"),
                new Case(json("email", "not-an-email"), "email"),
                new Case(json("email", "x@example.com", "reason", "r".repeat(501)), "reason"))) {
            JsonNode e = error(api.post(ws.adminKey(), "/api/dnc", c.body()), 400, "VALIDATION_ERROR");
            assertThat(detailFields(e)).as(c.body()).containsExactly(c.field());
        }
        JsonNode both = error(api.post(ws.adminKey(), "/api/dnc", json("phone", "555", "reason", "r".repeat(501))), 400, "VALIDATION_ERROR");
        assertThat(detailFields(both)).as("every broken field at once").containsExactly("phone", "reason");
        error(api.post(ws.adminKey(), "/api/dnc", "not json"), 400, "VALIDATION_ERROR");
        assertThat(dncCount(ws)).isZero();
        assertThat(api.audit(ws, "dnc.add")).isEmpty();
    }

    @Test
    void the_list_pages_newest_first_and_searches_phone_email_and_reason() {
        TestWorkspace ws = api.workspace();
        JsonNode empty = api.get(ws.adminKey(), "/api/dnc").json();
        assertThat(empty.path("entries").size()).isZero();
        assertThat(empty.at("/pagination/totalCount").asLong()).isZero();
        assertThat(empty.at("/pagination/totalPages").asLong()).isZero();

        List<String> ids = new ArrayList<>();
        ids.add(listed(ws.adminKey(), json("phone", "+12025550521", "reason", "stop reply")).path("_id").asText());
        ids.add(listed(ws.adminKey(), json("phone", "+13125550522", "reason", "lawyer")).path("_id").asText());
        ids.add(listed(ws.adminKey(), json("email", "a@first.example.com", "reason", "complaint")).path("_id").asText());
        ids.add(listed(ws.adminKey(), json("email", "b@second.example.com")).path("_id").asText());
        ids.add(listed(ws.adminKey(), json("email", "c_d@third.example.com", "reason", "100% sure")).path("_id").asText());

        List<String> seen = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            JsonNode body = api.get(ws.adminKey(), "/api/dnc?limit=2&page=" + page).json();
            assertThat(body.at("/pagination/page").asInt()).isEqualTo(page);
            assertThat(body.at("/pagination/limit").asInt()).isEqualTo(2);
            assertThat(body.at("/pagination/totalCount").asLong()).isEqualTo(5);
            assertThat(body.at("/pagination/totalPages").asLong()).isEqualTo(3);
            stream(body.path("entries")).forEach(e -> seen.add(e.path("_id").asText()));
        }
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
        assertThat(seen.get(0)).isEqualTo(ids.get(4));
        assertThat(api.get(ws.adminKey(), "/api/dnc?limit=2&page=9").json().path("entries").size()).isZero();

        assertThat(searchIds(ws, "202555")).containsExactly(ids.get(0));
        assertThat(searchIds(ws, "%2B1312")).containsExactly(ids.get(1));
        assertThat(searchIds(ws, "SECOND.example")).containsExactly(ids.get(3));
        assertThat(searchIds(ws, "lawyer")).containsExactly(ids.get(1));
        assertThat(searchIds(ws, "example.com")).hasSize(3);
        assertThat(searchIds(ws, "%25")).containsExactly(ids.get(4));
        assertThat(searchIds(ws, "_")).containsExactly(ids.get(4));
        assertThat(searchIds(ws, "nothing-like-it")).isEmpty();

        for (String bad : List.of("limit=101", "limit=0", "page=0", "page=x")) {
            error(api.get(ws.adminKey(), "/api/dnc?" + bad), 400, "VALIDATION_ERROR");
        }
    }

    private static List<String> searchIds(TestWorkspace ws, String search) {
        Response r = api.get(ws.adminKey(), "/api/dnc?search=" + search);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return stream(r.json().path("entries")).map(e -> e.path("_id").asText()).toList();
    }

    @Test
    void removing_an_entry_takes_it_off_the_list_and_unknown_or_foreign_ids_are_404() {
        TestWorkspace ws = api.workspace();
        TestWorkspace other = api.workspace();
        String id = listed(ws.adminKey(), json("phone", "+12025550531")).path("_id").asText();
        String foreign = listed(other.adminKey(), json("phone", "+12025550531")).path("_id").asText();

        error(api.delete(ws.adminKey(), "/api/dnc?id=" + foreign, null), 404, "NOT_FOUND");
        error(api.delete(ws.adminKey(), "/api/dnc?id=ffffffffffffffffffffffff", null), 404, "NOT_FOUND");
        error(api.delete(ws.adminKey(), "/api/dnc?id=nope", null), 404, "NOT_FOUND");
        assertThat(detailFields(error(api.delete(ws.adminKey(), "/api/dnc", null), 400, "VALIDATION_ERROR"))).containsExactly("id");

        Response removed = api.delete(ws.adminKey(), "/api/dnc?id=" + id, null);
        assertThat(removed.status()).as("%s", removed).isEqualTo(200);
        assertThat(removed.json().path("success").asBoolean()).isTrue();
        assertThat(dncCount(ws)).isZero();
        assertThat(dncCount(other)).isEqualTo(1);
        error(api.delete(ws.adminKey(), "/api/dnc?id=" + id, null), 404, "NOT_FOUND");
        // it can be listed again after removal
        listed(ws.adminKey(), json("phone", "2025550531"));
        assertThat(api.audit(ws, "dnc.remove")).singleElement().satisfies(a -> assertThat(a.get("target_id")).isEqualTo(id));
        assertThat(api.audit(other, "dnc.remove")).isEmpty();
    }

    @Test
    void each_workspace_sees_and_searches_only_its_own_entries() {
        TestWorkspace ws = api.workspace();
        TestWorkspace other = api.workspace();
        listed(ws.adminKey(), json("email", "mine@example.com"));
        listed(other.adminKey(), json("email", "theirs@example.com"));
        listed(other.adminKey(), json("email", "mine@example.com"));
        JsonNode body = api.get(ws.adminKey(), "/api/dnc").json();
        assertThat(stream(body.path("entries")).map(e -> e.path("email").asText())).containsExactly("mine@example.com");
        assertThat(body.at("/pagination/totalCount").asLong()).isEqualTo(1);
        assertThat(searchIds(ws, "theirs")).isEmpty();
    }

    @Test
    void members_may_read_and_manage_the_do_not_contact_list() {
        TestWorkspace ws = api.workspace();
        String member = api.key(ws, Role.MEMBER);
        String id = listed(member, json("phone", "+12025550541")).path("_id").asText();
        assertThat(api.get(member, "/api/dnc").json().path("entries").size()).isEqualTo(1);
        assertThat(api.delete(member, "/api/dnc?id=" + id, null).status()).isEqualTo(200);
    }

    @Test
    void a_read_only_workspace_refuses_dnc_writes_with_402_and_still_lists() {
        TestWorkspace ws = api.workspace();
        String id = listed(ws.adminKey(), json("phone", "+12025550551")).path("_id").asText();
        api.setStatus(ws, WorkspaceStatus.READ_ONLY);
        try {
            error(api.post(ws.adminKey(), "/api/dnc", json("phone", "+12025550552")), 402, "READ_ONLY");
            error(api.delete(ws.adminKey(), "/api/dnc?id=" + id, null), 402, "READ_ONLY");
            assertThat(api.get(ws.adminKey(), "/api/dnc").json().path("entries").size()).isEqualTo(1);
        } finally {
            api.setStatus(ws, WorkspaceStatus.ACTIVE);
        }
        assertThat(dncCount(ws)).isEqualTo(1);
    }

    // ---- API keys ------------------------------------------------------------------------------------------------------

    private static JsonNode issued(String adminKey, String body) {
        Response r = api.post(adminKey, "/api/api-keys", body);
        assertThat(r.status()).as("POST /api/api-keys %s -> %s", body, r).isEqualTo(201);
        assertThat(r.json().path("success").asBoolean()).isTrue();
        return r.json();
    }

    private static List<String> listedKeyIds(String adminKey) {
        Response r = api.get(adminKey, "/api/api-keys");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return stream(r.json().path("apiKeys")).map(k -> k.path("_id").asText()).toList();
    }

    @Test
    void an_admin_issues_a_key_that_is_shown_once_stored_only_as_a_hash_and_works_at_once() throws Exception {
        TestWorkspace ws = api.workspace();
        JsonNode body = issued(ws.adminKey(), json("name", "CI pipeline", "role", "member"));
        String key = body.path("key").asText();
        JsonNode apiKey = body.path("apiKey");
        assertThat(key).matches("tuco_sk_[A-Za-z0-9_-]{20,}");
        assertThat(apiKey.path("_id").asText()).matches(ID);
        assertThat(apiKey.path("name").asText()).isEqualTo("CI pipeline");
        assertThat(apiKey.path("role").asText()).isEqualTo("member");
        assertThat(apiKey.path("userId").isNull()).isTrue();
        assertThat(apiKey.path("prefix").asText()).isNotEmpty().startsWith("tuco_sk_");
        assertThat(key).startsWith(apiKey.path("prefix").asText());
        assertThat(apiKey.path("prefix").asText().length()).isLessThan(key.length() - 16);
        assertThat(apiKey.path("createdAt").asText()).matches(TIME);
        assertThat(apiKey.path("lastUsedAt").isNull()).isTrue();
        assertThat(apiKey.has("key") || apiKey.has("secret")).isFalse();

        Map<String, Object> row = api.rows("SELECT * FROM api_keys WHERE id = ?", apiKey.path("_id").asText()).get(0);
        assertThat(row.get("secret_sha256")).isEqualTo(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        assertThat(write(row.entrySet().stream().filter(e -> !(e.getValue() instanceof byte[])).toList())).doesNotContain(key);

        assertThat(api.get(key, "/api/leads").status()).isEqualTo(200);
        assertThat(api.get(ws.adminKey(), "/api/api-keys").json().toString()).doesNotContain(key);
        assertThat(api.audit(ws, "api_key.create")).filteredOn(a -> apiKey.path("_id").asText().equals(a.get("target_id")))
                .singleElement().satisfies(a -> {
                    assertThat(a.get("actor_type")).isEqualTo("api_key");
                    assertThat((String) a.get("correlation_id")).startsWith("app_");
                    assertThat((String) a.get("detail")).contains("\"role\": \"member\"").doesNotContain(key);
                });
    }

    @Test
    void a_key_named_with_spaces_is_stored_trimmed_and_a_key_for_a_user_names_that_user() {
        TestWorkspace ws = api.workspace();
        JsonNode plain = issued(ws.adminKey(), json("name", "  Zapier  ", "role", "member")).path("apiKey");
        assertThat(plain.path("role").asText()).isEqualTo("member");
        assertThat(plain.path("name").asText()).isEqualTo("Zapier");
        api.exec("INSERT INTO users (id, workspace_id, external_id, role, created_at) VALUES (?, ?, 'user_bob', 'admin', now())",
                "dddddddddddddddddddddddd", ws.idValue());
        JsonNode bound = issued(ws.adminKey(), json("name", "Bob", "role", "admin", "userId", "dddddddddddddddddddddddd")).path("apiKey");
        assertThat(bound.path("role").asText()).isEqualTo("admin");
        assertThat(bound.path("userId").asText()).isEqualTo("dddddddddddddddddddddddd");
    }

    @Test
    void a_key_for_a_user_of_another_workspace_or_no_user_at_all_is_404() {
        TestWorkspace ws = api.workspace();
        TestWorkspace other = api.workspace();
        String foreignUser = "eeeeeeeeeeeeeeeeeeeeeeee";
        api.exec("INSERT INTO users (id, workspace_id, external_id, role, created_at) VALUES (?, ?, 'user_x', 'admin', now())",
                foreignUser, other.idValue());
        error(api.post(ws.adminKey(), "/api/api-keys", json("name", "x", "role", "admin", "userId", foreignUser)), 404, "NOT_FOUND");
        error(api.post(ws.adminKey(), "/api/api-keys", json("name", "x", "role", "admin", "userId", "ffffffffffffffffffffffff")), 404, "NOT_FOUND");
    }

    @Test
    void the_key_list_shows_the_workspaces_live_keys_with_lastUsedAt_and_never_a_secret() {
        TestWorkspace ws = api.workspace();
        TestWorkspace other = api.workspace();
        JsonNode a = issued(ws.adminKey(), json("name", "a", "role", "admin"));
        JsonNode b = issued(ws.adminKey(), json("name", "b", "role", "member"));
        String foreign = issued(other.adminKey(), json("name", "theirs", "role", "member")).at("/apiKey/_id").asText();
        assertThat(api.get(b.path("key").asText(), "/api/leads").status()).isEqualTo(200);

        Response r = api.get(ws.adminKey(), "/api/api-keys");
        assertThat(r.status()).isEqualTo(200);
        JsonNode keys = r.json().path("apiKeys");
        assertThat(stream(keys).map(k -> k.path("_id").asText()))
                .hasSize(3) // the workspace's first admin key and the two issued here
                .contains(a.at("/apiKey/_id").asText(), b.at("/apiKey/_id").asText())
                .doesNotContain(foreign);
        assertThat(r.body()).doesNotContain(a.path("key").asText()).doesNotContain(b.path("key").asText())
                .doesNotContain(ws.adminKey()).doesNotContain("secret");
        JsonNode used = stream(keys).filter(k -> k.path("_id").asText().equals(b.at("/apiKey/_id").asText())).findFirst().orElseThrow();
        assertThat(used.path("lastUsedAt").asText()).matches(TIME);
        assertThat(stream(keys)).allSatisfy(k -> assertThat(k.path("prefix").asText()).startsWith("tuco_"));
    }

    @Test
    void a_revoked_key_stops_working_at_once_and_leaves_the_list() {
        TestWorkspace ws = api.workspace();
        JsonNode created = issued(ws.adminKey(), json("name", "short-lived", "role", "admin"));
        String key = created.path("key").asText();
        String id = created.at("/apiKey/_id").asText();
        assertThat(api.get(key, "/api/dnc").status()).isEqualTo(200);

        Response revoked = api.delete(ws.adminKey(), "/api/api-keys/" + id, null);
        assertThat(revoked.status()).as("%s", revoked).isEqualTo(200);
        assertThat(revoked.json().path("success").asBoolean()).isTrue();

        Response refused = api.get(key, "/api/dnc");
        error(refused, 401, "UNAUTHORIZED");
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer");
        error(api.post(key, "/api/api-keys", json("role", "admin")), 401, "UNAUTHORIZED");
        assertThat(listedKeyIds(ws.adminKey())).doesNotContain(id);
        error(api.delete(ws.adminKey(), "/api/api-keys/" + id, null), 404, "NOT_FOUND");
        assertThat(api.audit(ws, "api_key.revoke")).singleElement().satisfies(a -> assertThat(a.get("target_id")).isEqualTo(id));
    }

    @Test
    void an_admin_may_revoke_its_own_key_which_then_stops_working() {
        TestWorkspace ws = api.workspace();
        String second = issued(ws.adminKey(), json("name", "second", "role", "admin")).path("key").asText();
        String ownId = api.rows("SELECT id FROM api_keys WHERE secret_sha256 = sha256(convert_to(?, 'UTF8'))", second)
                .get(0).get("id").toString();
        assertThat(api.delete(second, "/api/api-keys/" + ownId, null).status()).isEqualTo(200);
        error(api.get(second, "/api/api-keys"), 401, "UNAUTHORIZED");
        assertThat(api.get(ws.adminKey(), "/api/api-keys").status()).isEqualTo(200);
    }

    @Test
    void members_may_not_list_issue_or_revoke_keys() {
        TestWorkspace ws = api.workspace();
        String member = api.key(ws, Role.MEMBER);
        String adminKeyId = listedKeyIds(ws.adminKey()).get(0);
        error(api.get(member, "/api/api-keys"), 403, "FORBIDDEN");
        error(api.post(member, "/api/api-keys", json("name", "escalate", "role", "admin")), 403, "FORBIDDEN");
        error(api.delete(member, "/api/api-keys/" + adminKeyId, null), 403, "FORBIDDEN");
        assertThat(api.get(ws.adminKey(), "/api/leads").status()).isEqualTo(200);
        assertThat(api.count("SELECT count(*) FROM api_keys WHERE workspace_id = ?", ws.idValue())).isEqualTo(2);
    }

    @Test
    void a_member_key_issued_through_the_api_may_send_and_read_but_not_administer() {
        TestWorkspace ws = api.workspace();
        String member = issued(ws.adminKey(), json("name", "member", "role", "member")).path("key").asText();
        assertThat(api.post(member, "/api/leads", json("leads", List.of(Map.of("phone", "+12025550561")))).status()).isEqualTo(201);
        assertThat(api.get(member, "/api/lines/by-user").status()).isEqualTo(200);
        error(api.post(member, "/api/lines", json("provider", "sandbox", "channels", List.of("sms"), "phone", "+13125550561")),
                403, "FORBIDDEN");
        error(api.get(member, "/api/api-keys"), 403, "FORBIDDEN");
        String admin = issued(ws.adminKey(), json("name", "admin", "role", "admin")).path("key").asText();
        assertThat(api.post(admin, "/api/lines", json("provider", "sandbox", "channels", List.of("sms"), "phone", "+13125550561"))
                .status()).isEqualTo(201);
        assertThat(api.get(admin, "/api/api-keys").status()).isEqualTo(200);
    }

    @Test
    void another_workspaces_key_can_be_neither_seen_nor_revoked() {
        TestWorkspace ws = api.workspace();
        TestWorkspace other = api.workspace();
        JsonNode theirs = issued(other.adminKey(), json("name", "theirs", "role", "admin"));
        String id = theirs.at("/apiKey/_id").asText();
        error(api.delete(ws.adminKey(), "/api/api-keys/" + id, null), 404, "NOT_FOUND");
        error(api.delete(ws.adminKey(), "/api/api-keys/not-an-id", null), 404, "NOT_FOUND");
        error(api.delete(ws.adminKey(), "/api/api-keys/ffffffffffffffffffffffff", null), 404, "NOT_FOUND");
        assertThat(listedKeyIds(ws.adminKey())).doesNotContain(id);
        assertThat(api.get(theirs.path("key").asText(), "/api/api-keys").status()).isEqualTo(200);
        assertThat(api.audit(ws, "api_key.revoke")).isEmpty();
    }

    @Test
    void invalid_key_requests_are_validation_errors_and_issue_nothing() {
        TestWorkspace ws = api.workspace();
        long before = api.count("SELECT count(*) FROM api_keys WHERE workspace_id = ?", ws.idValue());
        record Case(String body, String field) {}
        for (Case c : List.of(
                new Case(json("name", "k", "role", "owner"), "role"),
                new Case(json("name", "k", "role", 1), "role"),
                new Case(json("name", "k"), "role"),
                new Case(json("name", "k", "role", "member", "userId", "bob"), "userId"),
                new Case(json("name", "n".repeat(201), "role", "member"), "name"),
                new Case(json("name", "   ", "role", "member"), "name"),
                new Case(json("role", "member"), "name"),
                new Case(json("name", List.of("x"), "role", "member"), "name"))) {
            JsonNode e = error(api.post(ws.adminKey(), "/api/api-keys", c.body()), 400, "VALIDATION_ERROR");
            assertThat(detailFields(e)).as(c.body()).containsExactly(c.field());
        }
        JsonNode all = error(api.post(ws.adminKey(), "/api/api-keys", json("name", "n".repeat(201), "role", "owner", "userId", "bob")),
                400, "VALIDATION_ERROR");
        assertThat(detailFields(all)).as("every broken field at once").containsExactly("name", "role", "userId");
        assertThat(detailFields(error(api.post(ws.adminKey(), "/api/api-keys", "{}"), 400, "VALIDATION_ERROR")))
                .as("an empty body misses both required fields").containsExactly("name", "role");
        assertThat(detailFields(error(api.post(ws.adminKey(), "/api/api-keys", json("name", 7, "userId", "bob")), 400,
                "VALIDATION_ERROR"))).as("a mistyped field next to a missing one").containsExactly("name", "role", "userId");
        error(api.post(ws.adminKey(), "/api/api-keys", "{"), 400, "VALIDATION_ERROR");
        assertThat(api.count("SELECT count(*) FROM api_keys WHERE workspace_id = ?", ws.idValue())).isEqualTo(before);
    }

    @Test
    void key_writes_in_a_read_only_workspace_are_402_while_the_list_still_reads() {
        TestWorkspace ws = api.workspace();
        String id = issued(ws.adminKey(), json("name", "ro", "role", "member")).at("/apiKey/_id").asText();
        api.setStatus(ws, WorkspaceStatus.READ_ONLY);
        try {
            JsonNode e = error(api.post(ws.adminKey(), "/api/api-keys", json("role", "member")), 402, "READ_ONLY");
            assertThat(e.path("reason").asText()).isEqualTo("past_due");
            error(api.delete(ws.adminKey(), "/api/api-keys/" + id, null), 402, "READ_ONLY");
            assertThat(listedKeyIds(ws.adminKey())).contains(id);
        } finally {
            api.setStatus(ws, WorkspaceStatus.ACTIVE);
        }
    }

    @Test
    void key_routes_need_a_credential() {
        TestWorkspace ws = api.workspace();
        String id = listedKeyIds(ws.adminKey()).get(0);
        for (Response r : List.of(api.get(null, "/api/api-keys"), api.post(null, "/api/api-keys", json("role", "admin")),
                api.delete("not-a-tuco-key", "/api/api-keys/" + id, null), api.get("tuco_sk_nope", "/api/dnc"))) {
            error(r, 401, "UNAUTHORIZED");
        }
        assertThat(listedKeyIds(ws.adminKey())).contains(id);
        assertThat(api.get(ws.adminKey(), "/api/api-keys").json().path("apiKeys").size()).isEqualTo(1);
    }
}
