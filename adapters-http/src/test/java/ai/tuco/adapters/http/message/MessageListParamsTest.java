package ai.tuco.adapters.http.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.message.port.in.MessageFilter;
import ai.tuco.application.message.port.in.PageCursor;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageListParamsTest {
    static final String ID = "0123456789abcdef01234567";

    static MessageListParams parse(Map<String, String> query) {
        return MessageListParams.parse(query::get);
    }

    @Test
    void noParameters_parse_isEveryMessageFiftyAtATime() {
        MessageListParams params = parse(Map.of());

        assertThat(params.filter()).isEqualTo(MessageFilter.any());
        assertThat(params.limit()).isEqualTo(50);
        assertThat(params.cursor()).isEmpty();
    }

    @Test
    void everyFilter_parse_readsItIntoItsType() {
        MessageListParams params = parse(Map.of("status", "queued", "messageType", "sms", "fromLineId", ID, "leadId", ID,
                "batchId", "b-1", "createdFrom", "2019-12-31T19:00:00-05:00", "createdTo", "2020-01-02T00:00:00Z", "limit", "7"));

        assertThat(params.filter()).isEqualTo(new MessageFilter(Optional.of(MessageStatus.QUEUED), Optional.of(Channel.SMS),
                Optional.of(new LineId(ID)), Optional.of(new LeadId(ID)), Optional.of("b-1"),
                Optional.of(Instant.parse("2020-01-01T00:00:00Z")), Optional.of(Instant.parse("2020-01-02T00:00:00Z"))));
        assertThat(params.limit()).isEqualTo(7);
    }

    @Test
    void emptyValues_parse_countAsAbsent() {
        MessageListParams params = parse(Map.of("status", "", "batchId", "", "cursor", "", "createdFrom", ""));

        assertThat(params.filter()).isEqualTo(MessageFilter.any());
        assertThat(params.cursor()).isEmpty();
    }

    @Test
    void severalBadParameters_parse_reportsEachOnceAllAtOnceInOrder() {
        assertThatThrownBy(() -> parse(Map.of("status", "done", "messageType", "fax", "fromLineId", "abc", "leadId", "abc",
                "createdFrom", "yesterday", "createdTo", "2020-01-01", "limit", "101", "cursor", "garbage")))
                .isInstanceOfSatisfying(UseCaseException.class, e -> {
                    assertThat(e.code()).isEqualTo("VALIDATION_ERROR");
                    assertThat(e.details()).extracting(FieldError::field).containsExactly("status", "messageType", "fromLineId",
                            "leadId", "createdFrom", "createdTo", "limit", "cursor");
                    assertThat(e.details()).contains(new FieldError("limit", "limit must be a whole number from 1 to 100"),
                            new FieldError("fromLineId", "fromLineId must be a 24-character hex id"));
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "ten", "1.5", "", "99999999999999999999"})
    void limitOutsideOneToHundred_parse_namesLimit(String limit) {
        assertThatThrownBy(() -> parse(Map.of("limit", limit)))
                .isInstanceOfSatisfying(UseCaseException.class,
                        e -> assertThat(e.details()).extracting(FieldError::field).containsExactly("limit"));
    }

    @Test
    void cursor_encodeThenParse_givesTheSamePosition() {
        PageCursor cursor = new PageCursor(Instant.parse("2026-11-28T09:00:00.123456Z"), new MessageId(ID));

        String encoded = MessageListParams.encodeCursor(cursor);

        assertThat(parse(Map.of("cursor", encoded)).cursor()).contains(cursor);
    }

    @Test
    void cursor_encode_isBase64urlOfMicrosColonId_soCursorsHandedOutBeforeStayValid() {
        PageCursor cursor = new PageCursor(Instant.parse("2026-11-28T09:00:00.123456Z"), new MessageId(ID));
        String before = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("1795856400123456:" + ID).getBytes(StandardCharsets.UTF_8));

        assertThat(MessageListParams.encodeCursor(cursor)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage!", "MTIz", "eDowMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc", "MTIzOmFiYw"})
    void cursorThisApiDidNotReturn_parse_namesCursor(String raw) {
        assertThatThrownBy(() -> parse(Map.of("cursor", raw)))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.details())
                        .containsExactly(new FieldError("cursor", "cursor is not one this API returned")));
    }
}
