package ai.tuco.adapters.http.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.domain.shared.MessageId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {
    @Test
    void wellFormedId_parse_givesTheValueType() {
        assertThat(Ids.parse("0123456789abcdef01234567", MessageId::new, "Message"))
                .isEqualTo(new MessageId("0123456789abcdef01234567"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "0123456789ABCDEF01234567", "0123456789abcdef012345678", "0123456789abcdef0123456g"})
    void malformedId_parse_isTheSame404AsAnUnknownOne(String raw) {
        assertThatThrownBy(() -> Ids.parse(raw, MessageId::new, "Message"))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("NOT_FOUND");
                    assertThat(e.getMessage()).isEqualTo("Message not found");
                    assertThat(e.details()).isEmpty();
                    assertThat(e.extra()).isEmpty();
                });
    }
}
