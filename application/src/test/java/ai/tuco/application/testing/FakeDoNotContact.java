package ai.tuco.application.testing;

import ai.tuco.application.donotcontact.port.out.DoNotContactCheck;
import ai.tuco.application.donotcontact.port.out.DoNotContactRepository;
import ai.tuco.domain.lead.DoNotContact;
import ai.tuco.domain.shared.DoNotContactId;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.WorkspaceId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The do-not-contact list, one entry per address and workspace as the unique indexes keep it; the dispatch check
 * blocks the workspace's entries and the addresses {@link #block blocked} in every workspace.
 */
public final class FakeDoNotContact implements DoNotContactRepository, DoNotContactCheck {
    private final List<DoNotContact> entries = new ArrayList<>();
    private final Set<String> blockedEverywhere = new HashSet<>();

    /** Blocks the address in every workspace (set-up). */
    public void block(String address) {
        blockedEverywhere.add(address);
    }

    /** The stored entries, in insertion order. */
    public List<DoNotContact> entries() {
        return List.copyOf(entries);
    }

    @Override
    public Set<String> blocked(WorkspaceId workspaceId, Collection<String> addresses) {
        Set<String> listed = of(workspaceId)
                .flatMap(e -> Stream.concat(e.phone().map(E164Phone::value).stream(), e.email().map(EmailAddress::value).stream()))
                .collect(Collectors.toSet());
        return addresses.stream().filter(a -> blockedEverywhere.contains(a) || listed.contains(a)).collect(Collectors.toSet());
    }

    private Stream<DoNotContact> of(WorkspaceId ws) {
        return entries.stream().filter(e -> e.workspaceId().equals(ws));
    }

    @Override
    public boolean insert(DoNotContact entry) {
        if (findByAddress(entry.workspaceId(), entry.phone(), entry.email()).isPresent()) {
            return false;
        }
        entries.add(entry);
        return true;
    }

    @Override
    public Optional<DoNotContact> findByAddress(WorkspaceId workspaceId, Optional<E164Phone> phone, Optional<EmailAddress> email) {
        return of(workspaceId).filter(e -> phone.isPresent() ? e.phone().equals(phone) : e.email().equals(email)).findFirst();
    }

    @Override
    public List<DoNotContact> deleteByAddress(WorkspaceId workspaceId, Optional<E164Phone> phone, Optional<EmailAddress> email,
            Set<String> sources) {
        List<DoNotContact> removed = findByAddress(workspaceId, phone, email).filter(e -> sources.contains(e.source()))
                .stream().toList();
        entries.removeAll(removed);
        return removed;
    }

    @Override
    public boolean delete(WorkspaceId workspaceId, DoNotContactId id) {
        return entries.removeIf(e -> e.workspaceId().equals(workspaceId) && e.id().equals(id));
    }

    @Override
    public Page list(WorkspaceId workspaceId, Optional<String> search, int offset, int limit) {
        Optional<String> q = search.map(s -> s.toLowerCase(Locale.ROOT));
        List<DoNotContact> matching = of(workspaceId)
                .filter(e -> q.isEmpty() || Stream.of(e.phone().map(E164Phone::value).orElse(""),
                        e.email().map(EmailAddress::value).orElse(""), e.reason().toLowerCase(Locale.ROOT)).anyMatch(v -> v.contains(q.get())))
                .sorted(Comparator.comparing(DoNotContact::createdAt).thenComparing(e -> e.id().value()).reversed())
                .toList();
        return new Page(matching.stream().skip(offset).limit(limit).toList(), matching.size());
    }
}
