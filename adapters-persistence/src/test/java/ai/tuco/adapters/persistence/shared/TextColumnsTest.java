package ai.tuco.adapters.persistence.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Array literals built by hand are read back by PostgreSQL as the values given. */
class TextColumnsTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    @Test
    void columns_boundToUnnest_comeBackRowByRowAsGiven() {
        List<String> odd = List.of("plain", "", "NULL", "say \"hi\"", "back\\slash \\\\ two", "{braces}, comma", " spaced ",
                "é ✓ \n tab\t");
        TextColumns c = new TextColumns(odd.size());
        for (int i = 0; i < odd.size(); i++) {
            c.add("v", odd.get(i));
            c.add("n", i % 2 == 0 ? null : Integer.toString(i));
        }

        List<String> back = db.jdbi().withHandle(h -> c.bindTo(h.createQuery(
                        "SELECT coalesce(v, '<null>') || '|' || coalesce(CAST(n AS text), '<null>') FROM unnest(CAST(:v AS text[]), CAST(:n AS bigint[])) AS t(v, n)"))
                .mapTo(String.class).list());

        assertThat(back).containsExactly(odd.stream()
                .map(v -> v + "|" + (odd.indexOf(v) % 2 == 0 ? "<null>" : Integer.toString(odd.indexOf(v)))).toArray(String[]::new));
    }

    @Test
    void literal_ofAnArrayPerRow_isReadBackAsThatArray() {
        String literal = TextColumns.literal(List.of("a\"b", "c\\d", "{e}"));
        List<String> back = db.jdbi().withHandle(h -> h.createQuery("SELECT unnest(CAST(CAST(:l AS text) AS text[]))")
                .bind("l", literal).mapTo(String.class).list());
        assertThat(back).containsExactly("a\"b", "c\\d", "{e}");
        assertThat(TextColumns.literal(List.of())).isEqualTo("{}");
    }

    @Test
    void aColumnOutOfOrder_orARowLeftShort_isRefused() {
        TextColumns c = new TextColumns(2);
        c.add("a", "1");
        c.add("b", "2");
        c.add("a", "3");
        assertThatThrownBy(() -> c.add("c", "4")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> db.jdbi().withHandle(h -> c.bindTo(h.createQuery("SELECT 1"))))
                .isInstanceOf(IllegalStateException.class);
    }
}
