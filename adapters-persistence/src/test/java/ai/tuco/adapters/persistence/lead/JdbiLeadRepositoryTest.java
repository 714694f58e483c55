package ai.tuco.adapters.persistence.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.shared.JdbiTransactionRunner;
import ai.tuco.application.lead.port.out.LeadPages;
import ai.tuco.application.lead.port.out.LeadRepository.Resolved;
import ai.tuco.application.lead.port.out.LeadRepository.SearchResult;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.shared.port.out.OnConflict;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.lead.Availability;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@link LeadRepository} contract on PostgreSQL; each test works in workspaces of its own. */
class JdbiLeadRepositoryTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2026-04-01T10:00:00.123Z");

    final LeadRepository leads = new JdbiLeadRepository(db.jdbi());
    final LeadPages pages = new JdbiLeadRepository(db.jdbi());

    static WorkspaceId workspace() {
        WorkspaceId id = new WorkspaceId(String.format("e%023x", SEQ.incrementAndGet()));
        db.exec("INSERT INTO workspaces (id, name, created_at, updated_at) VALUES (?, 'leads test', now(), now())", id.value());
        return id;
    }

    static LeadId newId() {
        return new LeadId(String.format("f%023x", SEQ.incrementAndGet()));
    }

    /** A lead created {@code n} seconds after T0. */
    static Lead lead(WorkspaceId ws, int n, String phone, String email, List<String> altPhones, List<String> altEmails) {
        return new Lead(newId(), ws, "First" + n, "Last", Optional.ofNullable(phone).map(E164Phone::new),
                Optional.ofNullable(email).map(EmailAddress::new), altPhones.stream().map(E164Phone::new).toList(),
                altEmails.stream().map(EmailAddress::new).toList(), "Company " + n, "Title", "notes", Map.of("k", "v" + n),
                Optional.of("list-" + n), "api", T0.plusSeconds(n), T0.plusSeconds(n));
    }

    static Lead lead(WorkspaceId ws, int n, String phone, String email) {
        return lead(ws, n, phone, email, List.of(), List.of());
    }

    static Optional<E164Phone> phone(String value) {
        return Optional.of(new E164Phone(value));
    }

    Lead inserted(Lead lead) {
        leads.insert(lead);
        return lead;
    }

    // ---- insert and find ---------------------------------------------------------------------------------------------

    @Test
    void insertedLead_findById_returnsEveryField() {
        WorkspaceId ws = workspace();
        Lead lead = inserted(lead(ws, 1, "+12025550701", "a@example.com", List.of("+12025550702", "+12025550703"),
                List.of("b@example.com")));

        assertThat(leads.findById(ws, lead.id())).contains(lead);
    }

    @Test
    void leadOfAnotherWorkspaceOrDeleted_findById_findsNothing() {
        WorkspaceId ws = workspace();
        WorkspaceId other = workspace();
        Lead lead = inserted(lead(ws, 1, "+12025550711", null));
        Lead gone = inserted(lead(ws, 2, "+12025550712", null));
        leads.delete(ws, List.of(gone.id()), T0);

        assertThat(leads.findById(other, lead.id())).isEmpty();
        assertThat(leads.findById(ws, gone.id())).isEmpty();
        assertThat(leads.findById(ws, newId())).isEmpty();
    }

    @Test
    void idsOfLiveDeletedForeignAndUnknownLeads_findAllById_returnsOnlyTheWorkspacesLiveLeads_onceEach() {
        WorkspaceId ws = workspace();
        WorkspaceId other = workspace();
        Lead a = inserted(lead(ws, 1, "+12025550721", null));
        Lead b = inserted(lead(ws, 2, null, "b721@example.com"));
        Lead gone = inserted(lead(ws, 3, "+12025550723", null));
        Lead theirs = inserted(lead(other, 4, "+12025550724", null));
        leads.delete(ws, List.of(gone.id()), T0);

        assertThat(leads.findAllById(ws, List.of(b.id(), gone.id(), theirs.id(), newId(), a.id())))
                .containsExactlyInAnyOrder(a, b);
        assertThat(leads.findAllById(other, List.of(a.id(), theirs.id()))).containsExactly(theirs);
        assertThat(leads.findAllById(ws, List.of())).isEmpty();
    }

    @Test
    void primaryAndAlternatePhones_findByPhone_prefersThePrimaryThenTheOldestAlternate() {
        WorkspaceId ws = workspace();
        Lead olderAlt = inserted(lead(ws, 1, "+12025550721", null, List.of("+12025550729"), List.of()));
        inserted(lead(ws, 2, "+12025550722", null, List.of("+12025550729"), List.of()));
        Lead primary = inserted(lead(ws, 3, "+12025550723", null, List.of(), List.of()));
        inserted(lead(ws, 4, "+12025550724", null, List.of("+12025550723"), List.of()));

        assertThat(leads.findByPhone(ws, new E164Phone("+12025550723"))).contains(primary);
        assertThat(leads.findByPhone(ws, new E164Phone("+12025550729"))).contains(olderAlt);
        assertThat(leads.findByPhone(workspace(), new E164Phone("+12025550723"))).isEmpty();
        leads.delete(ws, List.of(primary.id()), T0);
        assertThat(leads.findByPhone(ws, new E164Phone("+12025550723"))).map(Lead::firstName).contains("First4");
    }

    @Test
    void primaryAndAlternateEmails_findByEmail_prefersThePrimaryThenTheOldestAlternate() {
        WorkspaceId ws = workspace();
        Lead alt = inserted(lead(ws, 1, null, "one@example.com", List.of(), List.of("shared@example.com")));
        Lead primary = inserted(lead(ws, 2, null, "two@example.com", List.of(), List.of()));
        inserted(lead(ws, 3, null, "three@example.com", List.of(), List.of("two@example.com")));

        assertThat(leads.findByEmail(ws, new EmailAddress("two@example.com"))).contains(primary);
        assertThat(leads.findByEmail(ws, new EmailAddress("shared@example.com"))).contains(alt);
        assertThat(leads.findByEmail(ws, new EmailAddress("nobody@example.com"))).isEmpty();
        leads.delete(ws, List.of(alt.id()), T0);
        assertThat(leads.findByEmail(ws, new EmailAddress("shared@example.com"))).isEmpty();
    }

    @Test
    void takenPrimaryPhoneOrEmail_insertIfAbsent_refuses_untilThatLeadIsDeleted() {
        WorkspaceId ws = workspace();
        Lead first = inserted(lead(ws, 1, "+12025550731", "taken@example.com"));

        assertThat(leads.insertIfAbsent(lead(ws, 2, "+12025550731", null))).isFalse();
        assertThat(leads.insertIfAbsent(lead(ws, 3, null, "taken@example.com"))).isFalse();
        assertThat(leads.insertIfAbsent(lead(workspace(), 4, "+12025550731", "taken@example.com"))).isTrue();
        Lead fresh = lead(ws, 5, "+12025550732", null);
        assertThat(leads.insertIfAbsent(fresh)).isTrue();
        assertThat(leads.findById(ws, fresh.id())).contains(fresh);

        leads.delete(ws, List.of(first.id()), T0);
        assertThat(leads.insertIfAbsent(lead(ws, 6, "+12025550731", "taken@example.com"))).isTrue();
    }

    @Test
    void findOrInsert_findsTheOwnerOfTheAddress_elseInsertsTheFreshLead_elseAnswersEmptyOnAConflict() {
        WorkspaceId ws = workspace();
        Lead existing = inserted(lead(ws, 1, "+12025550741", "owner@example.com", List.of("+12025550749"), List.of()));

        assertThat(leads.findOrInsert(lead(ws, 2, "+12025550741", null), true)).contains(new Resolved(existing, false));
        assertThat(leads.findOrInsert(lead(ws, 3, "+12025550749", null), true)).contains(new Resolved(existing, false));
        assertThat(leads.findOrInsert(lead(ws, 4, null, "owner@example.com"), false)).contains(new Resolved(existing, false));

        Lead fresh = lead(ws, 5, "+12025550742", null);
        assertThat(leads.findOrInsert(fresh, true)).contains(new Resolved(fresh, true));
        assertThat(leads.findById(ws, fresh.id())).contains(fresh);
        Lead freshByEmail = lead(ws, 6, null, "new@example.com");
        assertThat(leads.findOrInsert(freshByEmail, false)).contains(new Resolved(freshByEmail, true));

        // its phone is free but its email belongs to another lead: neither found nor inserted
        Lead clash = lead(ws, 7, "+12025550743", "owner@example.com");
        assertThat(leads.findOrInsert(clash, true)).isEmpty();
        assertThat(leads.findById(ws, clash.id())).isEmpty();
    }

    @Test
    void primaryAndAlternateAddresses_findMatching_returnsEachLiveLeadOfTheWorkspaceOnceOldestFirst() {
        WorkspaceId ws = workspace();
        Lead byPhone = inserted(lead(ws, 1, "+12025550751", null));
        Lead byAltPhone = inserted(lead(ws, 2, "+12025550752", null, List.of("+12025550759"), List.of()));
        Lead byEmail = inserted(lead(ws, 3, null, "m@example.com"));
        Lead byBoth = inserted(lead(ws, 4, "+12025550754", "n@example.com", List.of(), List.of("alt@example.com")));
        inserted(lead(ws, 5, "+12025550755", null));
        Lead gone = inserted(lead(ws, 6, "+12025550756", null));
        leads.delete(ws, List.of(gone.id()), T0);
        inserted(lead(workspace(), 7, "+12025550751", null));

        List<Lead> found = leads.findMatching(ws,
                Set.of(new E164Phone("+12025550751"), new E164Phone("+12025550759"), new E164Phone("+12025550754"),
                        new E164Phone("+12025550756")),
                Set.of(new EmailAddress("m@example.com"), new EmailAddress("alt@example.com")));

        assertThat(found).containsExactly(byPhone, byAltPhone, byEmail, byBoth);
        assertThat(leads.findMatching(ws, Set.of(), Set.of())).isEmpty();
    }

    @Test
    void candidatesWhoseKeyAFoundLeadHas_findMatchingOrInsert_areNotInserted_theOthersAre() {
        WorkspaceId ws = workspace();
        Lead byPhone = inserted(lead(ws, 1, "+12025550791", "owner@example.com"));
        Lead byAltPhone = inserted(lead(ws, 2, "+12025550792", null, List.of("+12025550799"), List.of()));
        Lead byAltEmail = inserted(lead(ws, 3, null, "x@example.com", List.of(), List.of("alt@example.com")));
        Lead gone = inserted(lead(ws, 4, "+12025550794", null));
        leads.delete(ws, List.of(gone.id()), T0);
        inserted(lead(workspace(), 5, "+12025550795", null));
        List<LeadRepository.Candidate> candidates = List.of(
                new LeadRepository.Candidate(lead(ws, 10, "+12025550791", null), true), // the primary phone is taken
                new LeadRepository.Candidate(lead(ws, 11, "+12025550799", null), true), // an alternate phone
                new LeadRepository.Candidate(lead(ws, 12, null, "alt@example.com"), false), // an alternate email
                new LeadRepository.Candidate(lead(ws, 13, "+12025550794", null), true), // only a deleted lead had it
                new LeadRepository.Candidate(lead(ws, 14, "+12025550795", null), true), // another workspace's
                // keyed by its phone, which nobody has: inserted, with its email too
                new LeadRepository.Candidate(lead(ws, 15, "+12025550796", "new@example.com"), true));

        LeadRepository.MatchedOrInserted result = leads.findMatchingOrInsert(ws,
                List.of(new E164Phone("+12025550791"), new E164Phone("+12025550799"), new E164Phone("+12025550794"),
                        new E164Phone("+12025550795"), new E164Phone("+12025550796")),
                List.of(new EmailAddress("alt@example.com")), candidates, OnConflict.FAIL);

        assertThat(result.found()).containsExactly(byPhone, byAltPhone, byAltEmail);
        assertThat(result.inserted()).containsExactlyInAnyOrder(candidates.get(3).lead().id(),
                candidates.get(4).lead().id(), candidates.get(5).lead().id());
        assertThat(leads.findById(ws, candidates.get(5).lead().id())).contains(candidates.get(5).lead());
        assertThat(leads.findById(ws, candidates.get(0).lead().id())).isEmpty();
    }

    @Test
    void aCandidateWhoseOtherAddressIsTaken_findMatchingOrInsert_skipsItWhenSkipping_andFailsTheWholeWriteOtherwise() {
        WorkspaceId ws = workspace();
        inserted(lead(ws, 1, null, "taken@example.com"));
        LeadRepository.Candidate free = new LeadRepository.Candidate(lead(ws, 2, "+12025550801", null), true);
        LeadRepository.Candidate clash = new LeadRepository.Candidate(lead(ws, 3, "+12025550802", "taken@example.com"), true);
        List<E164Phone> phones = List.of(new E164Phone("+12025550801"), new E164Phone("+12025550802"));

        RuntimeException refused = catchRuntimeException(
                () -> leads.findMatchingOrInsert(ws, phones, List.of(), List.of(free, clash), OnConflict.FAIL));

        assertThat(new JdbiTransactionRunner(db.jdbi()).classify(refused)).isEqualTo(TransactionRunner.Failure.DUPLICATE);
        assertThat(leads.findById(ws, free.lead().id())).as("the statement wrote nothing").isEmpty();
        LeadRepository.MatchedOrInserted skipped = leads.findMatchingOrInsert(ws, phones, List.of(), List.of(free, clash),
                OnConflict.SKIP);
        assertThat(skipped.found()).isEmpty();
        assertThat(skipped.inserted()).containsExactly(free.lead().id());
    }

    /**
     * The one statement answers as the port's two-step default (find, then insert the candidates left unmatched) on
     * seeded random workspaces: addresses drawn from small pools so that primaries, alternates, deleted leads and
     * candidates collide often. Each side runs in a transaction rolled back afterwards, on the same rows.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void findMatchingOrInsert_answersAsFindThenInsertDoes(long seed) {
        Random random = new Random(seed);
        WorkspaceId ws = workspace();
        IntFunction<String> phone = i -> "+1202555" + String.format("%04d", 900 + i);
        IntFunction<String> email = i -> "p" + i + "@example.com";
        Set<String> primaries = new HashSet<>();
        for (int n = 0; n < 12; n++) {
            String p = random.nextInt(3) > 0 ? phone.apply(random.nextInt(20)) : null;
            String e = random.nextInt(2) > 0 ? email.apply(random.nextInt(20)) : null;
            if ((p == null && e == null) || (p != null && !primaries.add(p)) || (e != null && !primaries.add(e))) {
                continue;
            }
            List<String> altPhones = random.nextInt(3) == 0 ? List.of(phone.apply(random.nextInt(20))) : List.of();
            List<String> altEmails = random.nextInt(3) == 0 ? List.of(email.apply(random.nextInt(20))) : List.of();
            Lead l = inserted(lead(ws, n, p, e, altPhones, altEmails));
            if (random.nextInt(5) == 0) {
                leads.delete(ws, List.of(l.id()), T0);
            }
        }
        List<LeadRepository.Candidate> candidates = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        List<E164Phone> phones = new ArrayList<>();
        List<EmailAddress> emails = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            boolean byPhone = random.nextBoolean();
            String p = byPhone || random.nextBoolean() ? phone.apply(random.nextInt(20)) : null;
            String e = !byPhone || random.nextBoolean() ? email.apply(random.nextInt(20)) : null;
            if (!keys.add(byPhone ? p : e)) {
                continue; // one candidate per key, as a batch makes them
            }
            candidates.add(new LeadRepository.Candidate(lead(ws, 100 + n, p, e), byPhone));
            if (byPhone) {
                phones.add(new E164Phone(p));
            } else {
                emails.add(new EmailAddress(e));
            }
        }

        for (OnConflict onConflict : OnConflict.values()) {
            Object oneStatement = rolledBack(() -> leads.findMatchingOrInsert(ws, phones, emails, candidates, onConflict));
            Object twoSteps = rolledBack(() -> twoSteps().findMatchingOrInsert(ws, phones, emails, candidates, onConflict));
            assertThat(oneStatement).as("seed %d, %s", seed, onConflict).isEqualTo(twoSteps);
        }
    }

    /** The port's default {@code findMatchingOrInsert} over this repository's other statements. */
    private LeadRepository twoSteps() {
        return (LeadRepository) Proxy.newProxyInstance(LeadRepository.class.getClassLoader(),
                new Class<?>[] {LeadRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("findMatchingOrInsert")) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    try {
                        return method.invoke(leads, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** What the work answered (or the failure's class, for a refused write), its writes rolled back. */
    private Object rolledBack(Supplier<LeadRepository.MatchedOrInserted> work) {
        AtomicReference<Object> answer = new AtomicReference<>();
        RuntimeException rollback = new RuntimeException("roll back");
        try {
            new JdbiTransactionRunner(db.jdbi()).inTransaction(() -> {
                try {
                    answer.set(work.get());
                } catch (RuntimeException e) {
                    answer.set(new JdbiTransactionRunner(db.jdbi()).classify(e));
                }
                throw rollback;
            });
        } catch (RuntimeException e) {
            assertThat(e).isSameAs(rollback);
        }
        return answer.get();
    }

    @Test
    void batchWithTakenAndRepeatedAddresses_insertAllIfAbsent_answersForEachLeadWhetherItWasInserted() {
        WorkspaceId ws = workspace();
        inserted(lead(ws, 1, "+12025550761", null));
        List<Lead> batch = List.of(
                lead(ws, 2, "+12025550762", null),
                lead(ws, 3, "+12025550761", null),
                lead(ws, 4, null, "same@example.com"),
                lead(ws, 5, null, "same@example.com"),
                lead(ws, 6, "+12025550766", "six@example.com", List.of("+12025550767"), List.of("alt6@example.com")));

        List<Boolean> inserted = leads.insertAllIfAbsent(batch);

        assertThat(inserted).containsExactly(true, false, true, false, true);
        assertThat(leads.findById(ws, batch.get(4).id())).contains(batch.get(4));
        assertThat(db.count("SELECT count(*) FROM leads WHERE workspace_id = ?", ws.value())).isEqualTo(4);
        assertThat(leads.insertAllIfAbsent(List.of())).isEmpty();
    }

    @Test
    void leadsWithQuotesBackslashesBracesAndNullWords_insertNewLeads_storesEveryFieldAsGiven() {
        WorkspaceId ws = workspace();
        Lead odd = new Lead(newId(), ws, "O\"Brien", "NULL", phone("+12025550771"), Optional.empty(),
                List.of(new E164Phone("+12025550772"), new E164Phone("+12025550773")), List.of(new EmailAddress("alt.odd@example.com")),
                "Back\\slash {Co}, Inc", "", "line one\nline \"two\" é ✓",
                Map.of("quote\"key", "va\\lue", "braces", "{a,b}", "empty", ""), Optional.empty(), "api", T0, T0.plusMillis(1));
        Lead plain = lead(ws, 2, null, "plain@example.com");

        assertThat(leads.insertNewLeads(List.of(odd, plain), OnConflict.FAIL)).containsExactly(true, true);

        assertThat(leads.findById(ws, odd.id())).contains(odd);
        assertThat(leads.findById(ws, plain.id())).contains(plain);
    }

    @Test
    void aLeadWhosePhoneIsTaken_insertNewLeads_skipsItWhenSkipping_andFailsTheWholeWriteOtherwise() {
        WorkspaceId ws = workspace();
        inserted(lead(ws, 1, "+12025550781", null));
        Lead free = lead(ws, 2, "+12025550782", null);
        Lead taken = lead(ws, 3, "+12025550781", null);

        RuntimeException refused = catchRuntimeException(() -> leads.insertNewLeads(List.of(free, taken), OnConflict.FAIL));

        assertThat(new JdbiTransactionRunner(db.jdbi()).classify(refused)).isEqualTo(TransactionRunner.Failure.DUPLICATE);
        assertThat(leads.findById(ws, free.id())).as("the statement wrote nothing").isEmpty();
        assertThat(leads.insertNewLeads(List.of(free, taken), OnConflict.SKIP)).containsExactly(true, false);
        assertThat(leads.findById(ws, free.id())).contains(free);
    }

    // ---- update and delete -------------------------------------------------------------------------------------------

    @Test
    void update_rewritesTheFields_butRefusesAnotherLeadsAddressAndLeavesTheTransactionUsable() {
        WorkspaceId ws = workspace();
        Lead lead = inserted(lead(ws, 1, "+12025550771", null));
        Lead other = inserted(lead(ws, 2, "+12025550772", "other@example.com"));
        JdbiTransactionRunner tx = new JdbiTransactionRunner(db.jdbi());

        Lead changed = new Lead(lead.id(), ws, "New", "Name", phone("+12025550773"), Optional.of(new EmailAddress("new@example.com")),
                List.of(new E164Phone("+12025550774")), List.of(), "", "", "", Map.of(), Optional.empty(), "api",
                lead.createdAt(), T0.plusSeconds(60));
        assertThat(tx.inTransaction(() -> leads.update(changed))).isTrue();
        assertThat(leads.findById(ws, lead.id())).contains(changed);

        Lead clash = new Lead(lead.id(), ws, "Clash", "", other.phone(), Optional.empty(), List.of(), List.of(), "", "", "",
                Map.of(), Optional.empty(), "api", lead.createdAt(), T0.plusSeconds(120));
        Optional<Lead> afterRefusal = tx.inTransaction(() -> {
            boolean updated = leads.update(clash);
            assertThat(updated).isFalse();
            return leads.findById(ws, lead.id());
        });
        assertThat(afterRefusal).contains(changed);
        assertThat(leads.findById(ws, lead.id())).contains(changed);
        assertThat(db.count("SELECT version FROM leads WHERE id = ?", lead.id().value())).isEqualTo(1);
    }

    @Test
    void leadOfAnotherWorkspaceOrDeleted_update_changesNothing() {
        WorkspaceId ws = workspace();
        Lead lead = inserted(lead(ws, 1, "+12025550781", null));
        JdbiTransactionRunner tx = new JdbiTransactionRunner(db.jdbi());
        WorkspaceId other = workspace();
        Lead foreign = new Lead(lead.id(), other, "Mine", "", lead.phone(), Optional.empty(), List.of(), List.of(), "", "", "",
                Map.of(), Optional.empty(), "api", lead.createdAt(), T0.plusSeconds(60));

        assertThat(tx.inTransaction(() -> leads.update(foreign))).isFalse();
        leads.delete(ws, List.of(lead.id()), T0);
        assertThat(tx.inTransaction(() -> leads.update(lead))).isFalse();
        assertThat(db.strings("SELECT first_name FROM leads WHERE id = ?", lead.id().value())).containsExactly("First1");
    }

    @Test
    void delete_marksOnlyTheWorkspacesLiveLeadsDeleted_andKeepsTheRows() {
        WorkspaceId ws = workspace();
        WorkspaceId other = workspace();
        Lead a = inserted(lead(ws, 1, "+12025550791", null));
        Lead b = inserted(lead(ws, 2, "+12025550792", null));
        Lead theirs = inserted(lead(other, 3, "+12025550793", null));
        Instant at = T0.plusSeconds(300);

        List<LeadId> deleted = leads.delete(ws, List.of(a.id(), theirs.id(), newId()), at);

        assertThat(deleted).containsExactly(a.id());
        assertThat(db.row("SELECT deleted_at, updated_at FROM leads WHERE id = ?", a.id().value()).values())
                .allSatisfy(v -> assertThat(v).isNotNull());
        assertThat(leads.findById(ws, b.id())).isPresent();
        assertThat(leads.findById(other, theirs.id())).isPresent();
        assertThat(leads.delete(ws, List.of(a.id()), at)).isEmpty();
        assertThat(db.count("SELECT count(*) FROM leads WHERE id = ?", a.id().value())).isEqualTo(1);
    }

    // ---- search --------------------------------------------------------------------------------------------------------

    @Test
    void search_pagesNewestFirstWithTheTotal_andStaysInTheWorkspace() {
        WorkspaceId ws = workspace();
        List<Lead> five = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            five.add(0, inserted(lead(ws, i, "+1202555080" + i, null)));
        }
        inserted(lead(workspace(), 9, "+12025550809", null));
        Lead gone = inserted(lead(ws, 10, "+12025550810", null));
        leads.delete(ws, List.of(gone.id()), T0);

        List<Lead> seen = new ArrayList<>();
        for (int offset = 0; offset < 6; offset += 2) {
            SearchResult page = leads.search(ws, Optional.empty(), Optional.empty(), offset, 2);
            assertThat(page.total()).isEqualTo(5);
            seen.addAll(page.leads());
        }
        assertThat(seen).containsExactlyElementsOf(five);
        assertThat(leads.search(ws, Optional.empty(), Optional.empty(), 10, 2).leads()).isEmpty();
    }

    @Test
    void search_matchesNamesEmailPhoneDigitsAndCompanyCaseInsensitively_andFiltersByList() {
        WorkspaceId ws = workspace();
        Lead ada = inserted(new Lead(newId(), ws, "Ada", "Lovelace", phone("+12025550811"),
                Optional.of(new EmailAddress("ada@engine.example")), List.of(), List.of(), "Analytical Co", "", "", Map.of(),
                Optional.of("L1"), "api", T0, T0));
        Lead bob = inserted(lead(ws, 2, "+13125550812", "bob@example.com"));

        assertThat(leads.search(ws, Optional.of("ada love"), Optional.empty(), 0, 10).leads()).containsExactly(ada);
        assertThat(leads.search(ws, Optional.of("ENGINE"), Optional.empty(), 0, 10).leads()).containsExactly(ada);
        assertThat(leads.search(ws, Optional.of("analytical"), Optional.empty(), 0, 10).leads()).containsExactly(ada);
        assertThat(leads.search(ws, Optional.of("(202) 555"), Optional.empty(), 0, 10).leads()).containsExactly(ada);
        assertThat(leads.search(ws, Optional.of("+1312"), Optional.empty(), 0, 10).leads()).containsExactly(bob);
        assertThat(leads.search(ws, Optional.empty(), Optional.of("L1"), 0, 10).leads()).containsExactly(ada);
        SearchResult none = leads.search(ws, Optional.of("bob"), Optional.of("L1"), 0, 10);
        assertThat(none.leads()).isEmpty();
        assertThat(none.total()).isZero();
    }

    // ---- keyset pages (exports) ---------------------------------------------------------------------------------------

    @Test
    void pages_walkEveryLiveLeadNewestFirstOnce_tiesBrokenById_andStayInTheWorkspace() {
        WorkspaceId ws = workspace();
        List<Lead> made = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Lead l = lead(ws, i / 2, "+1202555090" + i, null); // created_at 0, 1, 1, 2, 2 s: ties in pairs
            made.add(inserted(l));
        }
        inserted(lead(workspace(), 9, "+12025550909", null));
        Lead gone = inserted(lead(ws, 10, "+12025550910", null));
        leads.delete(ws, List.of(gone.id()), T0);

        List<Lead> seen = new ArrayList<>();
        Optional<LeadPages.Cursor> after = Optional.empty();
        for (int read = 0; read < 3; read++) {
            List<Lead> page = pages.page(ws, Optional.empty(), Optional.empty(), after, 2);
            seen.addAll(page);
            Lead last = page.get(page.size() - 1);
            after = Optional.of(new LeadPages.Cursor(last.createdAt(), last.id()));
        }
        assertThat(pages.page(ws, Optional.empty(), Optional.empty(), after, 2)).isEmpty();
        assertThat(seen).containsExactlyElementsOf(leads.search(ws, Optional.empty(), Optional.empty(), 0, 10).leads());
        assertThat(seen).containsExactlyInAnyOrderElementsOf(made);
    }

    @Test
    void pages_matchAsTheSearchMatches() {
        WorkspaceId ws = workspace();
        Lead ada = inserted(new Lead(newId(), ws, "Ada", "Lovelace", phone("+12025550911"),
                Optional.of(new EmailAddress("ada@engine.example")), List.of(), List.of(), "Analytical Co", "", "", Map.of(),
                Optional.of("L1"), "api", T0, T0));
        Lead bob = inserted(lead(ws, 2, "+13125550912", "bob@example.com"));

        assertThat(pages.page(ws, Optional.of("(202) 555"), Optional.empty(), Optional.empty(), 10)).containsExactly(ada);
        assertThat(pages.page(ws, Optional.of("BOB"), Optional.empty(), Optional.empty(), 10)).containsExactly(bob);
        assertThat(pages.page(ws, Optional.empty(), Optional.of("L1"), Optional.empty(), 10)).containsExactly(ada);
        assertThat(pages.page(ws, Optional.of("bob"), Optional.of("L1"), Optional.empty(), 10)).isEmpty();
    }

    // ---- availability and alternates ----------------------------------------------------------------------------------

    @Test
    void setAvailability_recordsTheAnswerAndItsTime_onTheWorkspacesLeadOnly() {
        WorkspaceId ws = workspace();
        Lead lead = inserted(lead(ws, 1, "+12025550821", null));
        Instant at = T0.plusSeconds(30);

        leads.setAvailability(workspace(), lead.id(), Availability.ERROR, at);
        assertThat(leads.findById(ws, lead.id()).orElseThrow().availability()).isEmpty();

        leads.setAvailability(ws, lead.id(), Availability.AVAILABLE, at);
        assertThat(leads.findById(ws, lead.id()).orElseThrow().availability()).contains(Availability.AVAILABLE);
        assertThat(db.count("SELECT count(*) FROM leads WHERE id = ? AND availability_checked_at = ?", lead.id().value(),
                java.sql.Timestamp.from(at))).isEqualTo(1);
    }

    @Test
    void updateAlternates_replacesBothListsAndTheUpdateTime() {
        WorkspaceId ws = workspace();
        Lead lead = inserted(lead(ws, 1, "+12025550831", null, List.of("+12025550832"), List.of()));
        Instant at = T0.plusSeconds(45);

        leads.updateAlternates(ws, lead.id(), List.of(new E164Phone("+12025550833"), new E164Phone("+12025550834")),
                List.of(new EmailAddress("x@example.com")), at);

        Lead after = leads.findById(ws, lead.id()).orElseThrow();
        assertThat(after.altPhones()).containsExactly(new E164Phone("+12025550833"), new E164Phone("+12025550834"));
        assertThat(after.altEmails()).containsExactly(new EmailAddress("x@example.com"));
        assertThat(after.updatedAt()).isEqualTo(at);
        assertThat(leads.findByPhone(ws, new E164Phone("+12025550834"))).contains(after);
    }
}
