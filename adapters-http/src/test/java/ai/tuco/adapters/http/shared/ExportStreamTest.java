package ai.tuco.adapters.http.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.adapters.http.HttpServer;
import ai.tuco.adapters.http.shared.ExportStream.Column;
import ai.tuco.adapters.http.shared.ExportStream.Format;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How an export reaches the wire: cells, and a failure before or after the first byte left, over real HTTP. */
class ExportStreamTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T14:30:05Z"), ZoneOffset.UTC);
    static final List<Column> COLUMNS = List.of(Column.field("text"), Column.phone("phone"));
    static HttpServer server;
    static final HttpClient client = HttpClient.newHttpClient();

    static Map<String, Object> row(int i) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("text", "row " + i + " " + "x".repeat(100));
        row.put("phone", "+12025550123");
        return row;
    }

    @BeforeAll
    static void start() {
        server = new HttpServer("127.0.0.1", 0, List.of(routes -> {
            routes.get("/rows", ctx -> ExportStream.respond(ctx, CLOCK, "things", Format.CSV, COLUMNS, out -> {
                for (int i = 0; i < 3; i++) {
                    out.row(row(i));
                }
            }));
            routes.get("/fails-before-the-first-byte", ctx -> ExportStream.respond(ctx, CLOCK, "things", Format.CSV, COLUMNS, out -> {
                out.row(row(0));
                throw new IllegalStateException("statement failed", new SQLException("An I/O error occurred", "08006"));
            }));
            routes.get("/fails-after-megabytes", ctx -> ExportStream.respond(ctx, CLOCK, "things", Format.NDJSON, COLUMNS, out -> {
                for (int i = 0; i < 20_000; i++) {
                    out.row(row(i));
                }
                throw new IllegalStateException("statement failed", new SQLException("An I/O error occurred", "08006"));
            }));
        })).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anExport_isAnAttachmentNamedWithItsUtcTime_headerRowFirst() throws Exception {
        var r = get("/rows");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"things-20261201T143005Z.csv\"");
        assertThat(r.headers().firstValue("Content-Type")).contains("text/csv; charset=utf-8");
        assertThat(r.body()).startsWith("text,phone\r\nrow 0 ").endsWith(",+12025550123\r\n");
        assertThat(r.body().split("\r\n")).hasSize(4);
    }

    @Test
    void aFailureBeforeAnyByteLeft_isTheUsualJsonError() throws Exception {
        var r = get("/fails-before-the-first-byte");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Content-Disposition")).isEmpty();
        assertThat(r.body()).contains("\"code\":\"UNAVAILABLE\"").doesNotContain("row 0");
    }

    @Test
    void aFailureAfterBytesLeft_cutsTheResponseOff_ratherThanEndingItCleanly() {
        assertThatThrownBy(() -> get("/fails-after-megabytes")).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "=1+1|false|'=1+1",
            "+cmd|false|'+cmd",
            "-2|false|'-2",
            "@SUM(A1)|false|'@SUM(A1)",
            "plain, text|false|plain, text",
            "a=b|false|a=b",
            "+12025550123|false|'+12025550123",
            "+12025550123|true|+12025550123",
            "+cmd|true|'+cmd",
            "=1+1|true|'=1+1",
            "'quoted|false|'quoted"})
    void cells_neutraliseFormulasButKeepE164PhonesInPhoneColumns(String value, boolean phone, String expected) {
        assertThat(ExportStream.cell(value, phone)).isEqualTo(expected);
    }

    @Test
    void cells_ofControlCharactersNullsArraysAndObjects() {
        assertThat(ExportStream.cell("\tx", false)).isEqualTo("'\tx");
        assertThat(ExportStream.cell("\rx", false)).isEqualTo("'\rx");
        assertThat(ExportStream.cell(null, false)).isEmpty();
        assertThat(ExportStream.cell(true, false)).isEqualTo("true");
        assertThat(ExportStream.cell(Arrays.asList("+12025550123", "a@b.example"), false)).isEqualTo("[\"+12025550123\",\"a@b.example\"]");
        assertThat(ExportStream.cell(Map.of("plan", "=x"), false)).isEqualTo("{\"plan\":\"=x\"}");
    }

    @Test
    void aFormat_isCsvOrNdjson_csvWhenAbsent_elseAnErrorNamingFormat() {
        var errors = new java.util.ArrayList<ai.tuco.application.shared.port.in.FieldError>();
        assertThat(Format.parse(null, errors)).isEqualTo(Format.CSV);
        assertThat(Format.parse("ndjson", errors)).isEqualTo(Format.NDJSON);
        assertThat(errors).isEmpty();
        Format.parse("xlsx", errors);
        assertThat(errors).extracting(e -> e.field()).containsExactly("format");
    }
}
