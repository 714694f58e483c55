package ai.tuco.application.lead;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.lead.port.out.LeadPages;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.testing.TestData;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExportLeadsServiceTest {
    record Read(WorkspaceId workspace, Optional<String> search, Optional<String> listId, Optional<LeadPages.Cursor> after, int limit) {}

    final List<Lead> stored = new ArrayList<>();
    final List<Read> reads = new ArrayList<>();
    final Comparator<Lead> newestFirst = Comparator.comparing(Lead::createdAt).thenComparing(l -> l.id().value()).reversed();
    /** Lists {@link #stored} as the real adapter does (newest first, strictly after the cursor), recording each read. */
    final LeadPages pages = (ws, search, listId, after, limit) -> {
        reads.add(new Read(ws, search, listId, after, limit));
        return stored.stream()
                .filter(l -> after.isEmpty() || l.createdAt().isBefore(after.get().createdAt())
                        || l.createdAt().equals(after.get().createdAt()) && l.id().value().compareTo(after.get().id().value()) < 0)
                .sorted(newestFirst)
                .limit(limit)
                .toList();
    };
    final Caller caller = new Caller(new Workspace(TestData.WORKSPACE, "test", WorkspaceStatus.ACTIVE, "US", Optional.empty(),
            TestData.NOW), Role.MEMBER, Optional.empty(), Optional.empty());

    void store(int count) {
        for (int i = 1; i <= count; i++) {
            Lead l = TestData.lead(String.format("eeeeeeeeeeeeeeeeeeee%04d", i), List.of(), Map.of());
            // two leads per instant: the id breaks the tie, as in the database's (created_at, id) order
            stored.add(new Lead(l.id(), l.workspaceId(), l.firstName(), l.lastName(), l.phone(), l.email(), l.altPhones(),
                    l.altEmails(), l.companyName(), l.jobTitle(), l.notes(), l.customFields(), l.listId(), l.source(),
                    TestData.NOW.plusSeconds(i / 2), TestData.NOW));
        }
    }

    @Test
    void fiveLeadsInPagesOfTwo_export_handsOverEveryLeadOnceNewestFirstPassingTheCursorOn() throws IOException {
        store(5);
        List<List<Lead>> received = new ArrayList<>();

        long exported = new ExportLeadsService(pages, 2).export(caller, Optional.of("ada"), Optional.of("list-1"), received::add);

        assertThat(exported).isEqualTo(5);
        assertThat(received).extracting(List::size).containsExactly(2, 2, 1);
        List<Lead> all = received.stream().flatMap(List::stream).toList();
        assertThat(all).containsExactlyElementsOf(stored.stream().sorted(newestFirst).toList());
        assertThat(reads).extracting(Read::after).containsExactly(Optional.empty(),
                Optional.of(new LeadPages.Cursor(all.get(1).createdAt(), all.get(1).id())),
                Optional.of(new LeadPages.Cursor(all.get(3).createdAt(), all.get(3).id())));
        assertThat(reads).allSatisfy(r -> {
            assertThat(r.workspace()).isEqualTo(TestData.WORKSPACE);
            assertThat(r.search()).contains("ada");
            assertThat(r.listId()).contains("list-1");
            assertThat(r.limit()).isEqualTo(2);
        });
    }

    @Test
    void aFullLastPage_export_stopsAtTheEmptyReadAfterIt() throws IOException {
        store(4);
        List<List<Lead>> received = new ArrayList<>();

        long exported = new ExportLeadsService(pages, 2).export(caller, Optional.empty(), Optional.empty(), received::add);

        assertThat(exported).isEqualTo(4);
        assertThat(received).hasSize(2);
        assertThat(reads).hasSize(3);
    }
}
