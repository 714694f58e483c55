package ai.tuco.adapters.http.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.audit.port.in.AuditLogCursor;
import ai.tuco.application.audit.port.in.AuditLogFilter;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditLogParamsTest {
    static AuditLogParams parse(Map<String, String> query) {
        return AuditLogParams.parse(query::get);
    }

    static UseCaseException refused(Map<String, String> query) {
        try {
            parse(query);
        } catch (UseCaseException e) {
            return e;
        }
        throw new AssertionError("accepted " + query);
    }

    @Test
    void noParameters_parse_isEveryRowFiftyAtATime() {
        AuditLogParams params = parse(Map.of());

        assertThat(params.filter()).isEqualTo(AuditLogFilter.any());
        assertThat(params.limit()).isEqualTo(50);
        assertThat(params.cursor()).isEmpty();
    }

    @Test
    void everyFilter_parse_readsItIntoItsType() {
        AuditLogParams params = parse(Map.of("actor", "k1", "action", "apikey.create", "targetType", "api_key", "targetId", "x1",
                "from", "2019-12-31T19:00:00-05:00", "to", "2020-01-02T00:00:00Z", "limit", "7"));

        assertThat(params.filter()).isEqualTo(new AuditLogFilter(Optional.empty(), Optional.of("k1"), Optional.of("apikey.create"),
                Optional.of("api_key"), Optional.of("x1"), Optional.of(Instant.parse("2020-01-01T00:00:00Z")),
                Optional.of(Instant.parse("2020-01-02T00:00:00Z"))));
        assertThat(params.limit()).isEqualTo(7);
    }

    @Test
    void anActorWithAKnownType_parse_matchesTypeAndId_anUnknownPrefixStaysPartOfTheId() {
        AuditLogFilter typed = parse(Map.of("actor", "user:user_2abc")).filter();
        assertThat(typed.actorType()).contains("user");
        assertThat(typed.actorId()).contains("user_2abc");

        AuditLogFilter untyped = parse(Map.of("actor", "robot:7")).filter();
        assertThat(untyped.actorType()).isEmpty();
        assertThat(untyped.actorId()).contains("robot:7");
    }

    @Test
    void emptyValues_parse_countAsAbsent() {
        Map<String, String> empty = new HashMap<>();
        for (String name : new String[] {"actor", "action", "targetType", "targetId", "from", "to", "cursor", "limit"}) {
            empty.put(name, "");
        }
        assertThat(parse(empty)).isEqualTo(parse(Map.of()));
    }

    @Test
    void everyBadParameter_parse_isNamed_allAtOnce() {
        UseCaseException e = refused(Map.of("actor", "x".repeat(201), "action", "a\u0000b", "targetType", "t\n",
                "targetId", "y".repeat(201), "from", "yesterday", "to", "2020-01-02T00:00:00", "limit", "0", "cursor", "nope"));

        assertThat(e.code()).isEqualTo("VALIDATION_ERROR");
        assertThat(e.details()).extracting(FieldError::field)
                .containsExactly("actor", "action", "targetType", "targetId", "from", "to", "limit", "cursor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "ten", "1.5", " 5"})
    void aLimitOutOfRange_parse_isRefused(String limit) {
        assertThat(refused(Map.of("limit", limit)).details()).extracting(FieldError::field).containsExactly("limit");
    }

    @Test
    void aCursor_encodeThenDecode_roundTripsToTheMicrosecond() {
        AuditLogCursor cursor = new AuditLogCursor(Instant.parse("2026-03-10T12:00:00.123456Z"), 42);

        String raw = AuditLogParams.encodeCursor(cursor);

        assertThat(raw).matches("[A-Za-z0-9_-]+");
        assertThat(AuditLogParams.decodeCursor(raw)).contains(cursor);
        assertThat(parse(Map.of("cursor", raw)).cursor()).contains(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!", "MTIz", "YWJjOjE", "MTIzOmFiYw", "MTIzOjA", "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OjE"})
    void aCursorThisApiDidNotReturn_decode_isEmpty(String raw) {
        assertThat(AuditLogParams.decodeCursor(raw)).isEmpty();
        assertThatThrownBy(() -> parse(Map.of("cursor", raw))).isInstanceOf(UseCaseException.class);
    }
}
