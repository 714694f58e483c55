package ai.tuco.bootstrap.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.demo.port.in.SeedDemoUseCase.DemoSeed;
import ai.tuco.bootstrap.Config;
import ai.tuco.bootstrap.TestConfigs;
import ai.tuco.bootstrap.TestHttp;
import ai.tuco.bootstrap.Tuco;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard in a real browser (headless Debian chromium) against the service as wired in production, on real
 * PostgreSQL with the demo workspace and the sandbox provider dispatching for real. One service and one browser for
 * the class; every test starts signed out and leaves a screenshot in target/screenshots/.
 */
class DashboardBrowserTest {
    static final String XSS = "<img src=x onerror=alert(1)>";
    private static final AtomicInteger PHONE = new AtomicInteger(100);

    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();
    static Tuco tuco;
    static TestHttp http;
    static DemoSeed demo;
    static Browser browser;
    static boolean reportsServed;

    private String testName;

    @BeforeAll
    static void start() {
        tuco = Tuco.open(Config.from(TestConfigs.env(db, "TUCO_DEMO", "true", "TUCO_DISPATCH_ENABLED", "true")), Clock.systemUTC());
        demo = tuco.seedDemoIfEnabled().orElseThrow();
        var server = tuco.startHttp();
        http = new TestHttp(server.port());
        reportsServed = server.routes().contains("GET /api/reports/messages");
        browser = new Browser("http://localhost:" + server.port());
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (tuco != null) {
                tuco.close();
            }
        }
    }

    @BeforeEach
    void signedOut(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
        browser.viewport(0, 0);
        browser.driver.get("about:blank");
        browser.open("#/messages");
        browser.js("sessionStorage.clear();");
        browser.driver.navigate().refresh();
        browser.consoleErrors();
    }

    @AfterEach
    void screenshotAndConsole() {
        browser.screenshot(testName);
        // the page's own script never fails, and the CSP never had to block anything
        assertThat(browser.consoleErrors()).filteredOn(e -> !e.contains("Failed to load resource")).isEmpty();
    }

    @Test
    void signIn_showsTheApisMessageForABadKey_thenTheDemoKeyOpensMessages() {
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key"))).sendKeys("tuco_sk_not_a_key");
        browser.find("form.sign-in button[type=submit]").click();

        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-in-status"),
                "Missing, malformed, unknown or revoked credential"));
        assertThat(browser.js("return sessionStorage.getItem('tuco.apiKey')")).isNull();

        signIn();
        assertThat(browser.js("return sessionStorage.getItem('tuco.apiKey')")).isEqualTo(demo.apiKey());
        assertThat(browser.js("return localStorage.length + document.cookie.length")).isEqualTo(0L);
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(demo.apiKey());
        assertThat(browser.find("#nav a[aria-current=page]").getText()).isEqualTo("Messages");
    }

    @Test
    void theProductPagesExample_turnsDeliveredInTheTable_andItsTimelineShowsEachStep() {
        signIn();
        String id = send(example()).path("message").path("_id").asText();

        // the live refresh brings the row in and moves it to delivered, without reloading the page
        browser.js("window.__sameDocument = true;");
        browser.waiting().until(d -> "delivered".equals(rowStatus(id)));
        assertThat(browser.js("return window.__sameDocument === true")).isEqualTo(true);
        WebElement row = browser.find("tr[data-id='" + id + "']");
        assertThat(row.findElement(By.cssSelector(".badge")).getText()).contains("Delivered");
        assertThat(row.getText()).contains("iMessage", "Demo iMessage line", "+12025551234");
        browser.screenshot("messages");

        row.findElement(By.cssSelector("td[data-label=Recipient] a")).click();
        browser.waiting().until(d -> !browser.all("#timeline li[data-to=delivered]").isEmpty());
        assertThat(browser.find("#message-text").getText()).isEqualTo("Hey John, quick question about next week…");
        List<String> steps = browser.all("#timeline li").stream().map(li -> li.getAttribute("data-to")).toList();
        assertThat(steps).containsSubsequence("queued", "sending", "sent", "delivered");
        assertThat(browser.find(".status-line .badge").getText()).contains("Delivered");
        assertThat(browser.all("#cancel-message")).isEmpty();
        assertThat(browser.all("#webhook-deliveries")).as("shown only when the service answers the deliveries route")
                .hasSize(webhookDeliveriesServed() ? 1 : 0);
    }

    @Test
    void aReplyToAMessage_showsOnItsPage_asText() {
        String phone = nextPhone();
        String id = send(raw(phone, "Are you free on Tuesday?")).path("message").path("_id").asText();
        signIn();
        browser.waiting().until(d -> "delivered".equals(rowStatus(id)));
        String reply = "Yes <b>Tuesday</b> works";
        var r = http.post("/api/sandbox/replies", "{\"lineId\": \"" + demo.imessageLine().value() + "\", \"from\": \"" + phone
                + "\", \"message\": " + json(reply) + "}", "Authorization", "Bearer " + demo.apiKey());
        assertThat(r.status()).as(r.body()).isEqualTo(201);

        browser.find("tr[data-id='" + id + "'] td[data-label=Recipient] a").click();
        browser.waiting().until(d -> !browser.all("#reply-list li").isEmpty());
        assertThat(browser.find("#reply-list li .reply-text").getText()).isEqualTo(reply);
        assertThat(browser.find("#reply-list li").getText()).contains(phone);
        assertThat(browser.all("#reply-list b")).as("the reply's markup is text").isEmpty();
        browser.waiting().until(d -> !browser.all("#timeline li[data-type=replied]").isEmpty());
        browser.screenshot("message-with-reply");
    }

    @Test
    void filteringByBatch_showsOnlyThatBatch_andLinksItsReport() {
        String batch = "spring-launch-" + PHONE.incrementAndGet();
        List<String> inBatch = List.of(
                send(raw(nextPhone(), "Batch one").put("batchId", batch)).path("message").path("_id").asText(),
                send(raw(nextPhone(), "Batch two").put("batchId", batch)).path("message").path("_id").asText());
        send(raw(nextPhone(), "Another batch").put("batchId", "other-" + batch));
        signIn();

        browser.find("#f-batch").sendKeys(batch);
        browser.find("form.filters button[type=submit]").click();

        browser.waiting().until(d -> rowIds().size() == 2);
        assertThat(rowIds()).containsExactlyInAnyOrderElementsOf(inBatch);
        assertThat(browser.driver.getCurrentUrl()).contains("batchId=" + batch);
        assertThat(browser.find("#f-batch").getAttribute("value")).isEqualTo(batch);

        browser.find("a[href^='#/batches/']").click();
        browser.waiting().until(d -> !browser.find("#batch-body").getText().contains("Loading"));
        if (reportsServed) {
            browser.waiting().until(d -> "2".equals(browser.find("#batch-counts .total dd").getText()));
            assertThat(browser.all("#batch-chart")).hasSize(1);
        } else {
            assertThat(browser.find("#batch-body .error").getText()).contains("The batch report could not be read", reportsError());
        }
    }

    @Test
    void aFailedMessage_saysWhyInWords() {
        String id = send(raw("+12025550101", "This one fails").put("messageType", "sms")).path("message").path("_id").asText();
        signIn();

        browser.waiting().until(d -> "failed".equals(rowStatus(id)));
        browser.find("tr[data-id='" + id + "'] td[data-label=Recipient] a").click();

        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("reason")));
        assertThat(browser.find("#reason .reason-words").getText())
                .isEqualTo("The sandbox provider refused it: this test recipient always fails.");
        assertThat(browser.find("#reason").getText()).contains("SANDBOX_REJECTED");
        assertThat(browser.find(".status-line .badge").getText()).contains("Failed");
    }

    @Test
    void aLeadNamedLikeMarkup_showsAsText_andRunsNothing() {
        String phone = nextPhone();
        JsonNode lead = http.post("/api/leads", "{\"leads\": [{\"firstName\": " + json(XSS) + ", \"phone\": \"" + phone + "\"}]}",
                "Authorization", "Bearer " + demo.apiKey()).json();
        String leadId = lead.path("leadIds").path(0).asText();
        String id = send(raw(phone, "Hi {{firstName}}").put("leadId", leadId).put("recipientName", XSS)).path("message").path("_id").asText();
        signIn();

        browser.waiting().until(d -> "delivered".equals(rowStatus(id)));
        assertThat(browser.find("tr[data-id='" + id + "'] td[data-label=Recipient]").getText()).contains(XSS);
        browser.find("tr[data-id='" + id + "'] td[data-label=Recipient] a").click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("message-text"), "Hi " + XSS));

        assertThat(browser.all("img")).isEmpty();
        assertThat(browser.js("return document.querySelectorAll('main *').length > 0")).isEqualTo(true);
        assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void signingOut_forgetsTheKey() {
        signIn();

        browser.find("#sign-out").click();

        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        assertThat(browser.js("return sessionStorage.getItem('tuco.apiKey')")).isNull();
        assertThat(browser.find("#nav").isDisplayed()).isFalse();
        browser.driver.navigate().refresh();
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        assertThat(browser.all("#messages-table")).isEmpty();
    }

    @Test
    void theMessagesPage_at390px_doesNotScrollSideways() {
        send(raw(nextPhone(), "A rather long message for a narrow screen").put("batchId", "a-batch-id-that-is-quite-long-indeed-2026"));
        browser.viewport(390, 844);
        signIn();
        browser.waiting().until(d -> !rowIds().isEmpty());

        assertThat(browser.js("return document.documentElement.clientWidth")).isEqualTo(390L);
        assertThat((Long) browser.js("return document.documentElement.scrollWidth"))
                .as("page width at 390 px").isLessThanOrEqualTo(390L);
        assertThat(browser.find("#messages-table td[data-label=Status]").getText()).isNotBlank();
    }

    @Test
    void theLinesPage_showsTodaysUsageAgainstEachCap_andHealth() {
        send(example());
        signIn();
        browser.find("#nav a[data-page=lines]").click();

        browser.waiting().until(d -> browser.all("#lines .line-card").size() == 3);
        JsonNode line = http.get("/api/lines/" + demo.imessageLine().value(), "Authorization", "Bearer " + demo.apiKey()).json().path("line");
        WebElement card = browser.find(".line-card[data-id='" + demo.imessageLine().value() + "']");
        WebElement total = card.findElement(By.cssSelector("meter[id$='-total']"));
        assertThat(total.getAttribute("max")).isEqualTo(line.path("dailyTotalMessagesLimit").asText());
        assertThat(card.getText()).contains(line.path("usage").path("totalMessagesCount").asInt() + " of "
                + line.path("dailyTotalMessagesLimit").asInt(), "Messages today", "New conversations today", "Health:");
        assertThat(card.findElement(By.cssSelector("[data-health]")).getText()).isNotBlank();
        assertThat(browser.find("label[for='" + total.getAttribute("id") + "']").getText()).isEqualTo("Messages today");
    }

    @Test
    void aScheduledMessage_canBeCancelled_andThenSaysWhy() {
        String id = send(example().put("scheduledDate", Instant.now().plus(2, ChronoUnit.DAYS).toString())).path("message").path("_id").asText();
        signIn();
        browser.open("#/messages/" + id);

        browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("cancel-message"))).click();

        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("reason")));
        assertThat(browser.find(".status-line .badge").getText()).contains("Cancelled");
        assertThat(browser.find("#reason .reason-words").getText()).isEqualTo("Someone cancelled it before it was sent.");
        assertThat(browser.all("#cancel-message")).isEmpty();
        assertThat(http.get("/api/messages/" + id, "Authorization", "Bearer " + demo.apiKey()).json()
                .path("message").path("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void theOverview_showsTheLast30DaysReport_orTheApisError() {
        send(example());
        signIn();
        browser.find("#nav a[data-page=overview]").click();

        browser.waiting().until(d -> !browser.find("#overview-body").getText().contains("Loading"));
        if (reportsServed) {
            assertThat(browser.all("#overview-chart")).hasSize(1);
            assertThat(Integer.parseInt(browser.find("#overview-counts .total dd").getText())).isPositive();
            assertThat(browser.find("#overview-timings").getText()).contains("Accepted → sent, median");
        } else {
            assertThat(browser.find("#overview-body .error").getText()).contains("The report could not be read", reportsError());
        }
    }

    @Test
    void anApiError_isShownWithTheApisMessage_neverABlankPage() {
        signIn();
        browser.open("#/messages/ffffffffffffffffffffffff");

        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#message-body .error")));
        assertThat(browser.find("#message-body .error").getText()).contains("Message not found", "NOT_FOUND");
    }

    @Test
    void everyPage_hasNoSeriousOrCriticalAccessibilityViolation() {
        String failed = send(raw("+12025550101", "Fails for the check").put("messageType", "sms").put("batchId", "axe-batch"))
                .path("message").path("_id").asText();
        Map<String, List<String>> violations = new LinkedHashMap<>();
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        violations.put("sign-in", browser.seriousAccessibilityViolations());
        signIn();
        browser.waiting().until(d -> "failed".equals(rowStatus(failed)));
        for (String[] page : new String[][] {
                {"messages", "#/messages", "#messages-table"},
                {"message", "#/messages/" + failed, "#timeline"},
                {"batch", "#/batches/axe-batch", "#batch-body :is(.error, #batch-counts)"},
                {"lines", "#/lines", "#lines"},
                {"overview", "#/overview", "#overview-body :is(.error, #overview-counts)"}}) {
            browser.open(page[1]);
            browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(page[2])));
            violations.put(page[0], browser.seriousAccessibilityViolations());
            browser.screenshot(testName + "-" + page[0]);
        }
        violations.values().removeIf(List::isEmpty);
        assertThat(violations).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyControl_isReachableByKeyboard() {
        signIn();
        browser.js("window.__focused = []; document.addEventListener('focusin', e => window.__focused.push("
                + "e.target.tagName.toLowerCase() + '#' + e.target.id + ':' + e.target.textContent.trim()));");

        var keys = new org.openqa.selenium.interactions.Actions(browser.driver);
        for (int i = 0; i < 25; i++) {
            keys.sendKeys(org.openqa.selenium.Keys.TAB);
        }
        keys.perform();

        assertThat(String.join("\n", (List<String>) browser.js("return window.__focused"))).contains("Overview", "Messages",
                "Lines", "Sign out", "select#f-status", "select#f-channel", "select#f-line", "input#f-batch", "Apply filters",
                "Pause live updates");
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private void signIn() {
        WebElement key = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        key.clear();
        key.sendKeys(demo.apiKey());
        browser.find("form.sign-in button[type=submit]").click();
        browser.waiting().until(d -> !browser.all("#messages-table tbody tr, #messages-empty:not([hidden])").isEmpty()
                || !browser.all("#messages-problem .error").isEmpty());
        assertThat(browser.all("#messages-problem .error")).isEmpty();
    }

    private static String rowStatus(String id) {
        List<WebElement> rows = browser.all("tr[data-id='" + id + "']");
        return rows.isEmpty() ? null : rows.get(0).getAttribute("data-status");
    }

    private static List<String> rowIds() {
        return browser.all("#messages-table tbody tr").stream().map(r -> r.getAttribute("data-id")).toList();
    }

    /** The product page's first example, as the demo prints it. */
    private static ObjectNode example() {
        ObjectNode body = TestHttp.JSON.createObjectNode();
        body.put("message", "Hey {{firstName}}, quick question about next week…");
        body.put("messageType", "imessage");
        body.put("fromLineId", demo.imessageLine().value());
        body.put("leadId", demo.lead().value());
        return body;
    }

    private static ObjectNode raw(String phone, String text) {
        ObjectNode body = TestHttp.JSON.createObjectNode();
        body.put("message", text);
        body.put("messageType", "imessage");
        body.put("recipientPhone", phone);
        return body;
    }

    private static JsonNode send(ObjectNode body) {
        var r = http.post("/api/messages", body.toString(), "Authorization", "Bearer " + demo.apiKey());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private static String nextPhone() {
        return "+1415555" + String.format("%04d", 7000 + PHONE.incrementAndGet());
    }

    private static boolean webhookDeliveriesServed() {
        return tuco.startHttp().routes().contains("GET /api/messages/{id}/deliveries");
    }

    /** What the API itself answers for a report while the service has no reports route: the page must say the same. */
    private static String reportsError() {
        var r = http.get("/api/reports/messages?groupBy=day", "Authorization", "Bearer " + demo.apiKey());
        assertThat(r.status()).isEqualTo(404);
        return r.json().path("error").asText();
    }

    private static String json(String s) {
        return TestHttp.JSON.valueToTree(s).toString();
    }
}
