package ai.tuco.domain.workspace;

import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tenant: every lead, line, message and key belongs to exactly one workspace.
 *
 * @param defaultCountry ISO 3166-1 alpha-2 region used to read phone numbers typed without a leading {@code +}
 * @param externalId the Clerk organisation id this workspace stands for, if any
 */
public record Workspace(
        WorkspaceId id,
        String name,
        WorkspaceStatus status,
        String defaultCountry,
        Optional<String> externalId,
        Instant createdAt) {

    private static final Pattern REGION = Pattern.compile("[A-Z]{2}");

    public Workspace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(createdAt, "createdAt");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("workspace name must not be blank");
        }
        if (defaultCountry == null || !REGION.matcher(defaultCountry).matches()) {
            throw new IllegalArgumentException("default country must be two upper-case letters, got: " + defaultCountry);
        }
    }

    public boolean isReadOnly() {
        return status == WorkspaceStatus.READ_ONLY;
    }

    public Workspace withStatus(WorkspaceStatus newStatus) {
        return new Workspace(id, name, newStatus, defaultCountry, externalId, createdAt);
    }
}
