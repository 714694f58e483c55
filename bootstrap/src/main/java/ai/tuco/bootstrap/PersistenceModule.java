package ai.tuco.bootstrap;

import ai.tuco.adapters.persistence.audit.JdbiAuditLogReader;
import ai.tuco.adapters.persistence.audit.JdbiAuditLogRetention;
import ai.tuco.adapters.persistence.report.JdbiMessageStatistics;
import ai.tuco.adapters.persistence.dispatch.JdbiDispatchQueue;
import ai.tuco.adapters.persistence.dispatch.JdbiLineGate;
import ai.tuco.adapters.persistence.dispatch.JdbiMessageLookup;
import ai.tuco.adapters.persistence.donotcontact.JdbiDoNotContactCheck;
import ai.tuco.adapters.persistence.donotcontact.JdbiDoNotContactRepository;
import ai.tuco.adapters.persistence.idempotency.JdbiIdempotencyRepository;
import ai.tuco.adapters.persistence.lead.JdbiLeadRepository;
import ai.tuco.adapters.persistence.line.JdbiLineContexts;
import ai.tuco.adapters.persistence.line.JdbiLineRepository;
import ai.tuco.adapters.persistence.message.JdbiMessageRepository;
import ai.tuco.adapters.persistence.postgres.JdbiDatabaseHealth;
import ai.tuco.adapters.persistence.postgres.JdbiFactory;
import ai.tuco.adapters.persistence.provider.JdbiLineHealth;
import ai.tuco.adapters.persistence.provider.JdbiSandboxStore;
import ai.tuco.adapters.persistence.shared.JdbiAuditLog;
import ai.tuco.adapters.persistence.shared.JdbiInstanceFlags;
import ai.tuco.adapters.persistence.shared.JdbiTransactionRunner;
import ai.tuco.adapters.persistence.shared.PgChangeNotices;
import ai.tuco.adapters.persistence.shared.SecretBox;
import ai.tuco.adapters.persistence.workspace.JdbiApiKeyRepository;
import ai.tuco.adapters.persistence.workspace.JdbiUserRepository;
import ai.tuco.adapters.persistence.workspace.JdbiWorkspaceRepository;
import ai.tuco.application.audit.port.out.AuditLogReader;
import ai.tuco.application.audit.port.out.AuditLogRetention;
import ai.tuco.application.report.port.out.MessageStatistics;
import ai.tuco.application.dispatch.DispatchSettings;
import ai.tuco.application.dispatch.port.out.DispatchQueue;
import ai.tuco.application.dispatch.port.out.LineGate;
import ai.tuco.application.dispatch.port.out.MessageLookup;
import ai.tuco.application.donotcontact.port.out.DoNotContactCheck;
import ai.tuco.application.donotcontact.port.out.DoNotContactRepository;
import ai.tuco.application.idempotency.port.out.IdempotencyRepository;
import ai.tuco.application.lead.port.out.LeadPages;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.provider.port.out.LineHealthWriter;
import ai.tuco.application.provider.port.out.SandboxStore;
import ai.tuco.application.provider.port.out.spi.LineContexts;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.ChangeNotices;
import ai.tuco.application.shared.port.out.DatabaseHealth;
import ai.tuco.application.shared.port.out.InstanceFlags;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.workspace.ReadCaches;
import ai.tuco.application.workspace.port.out.ApiKeyRepository;
import ai.tuco.application.workspace.port.out.OrganizationLinks;
import ai.tuco.application.workspace.port.out.UserRepository;
import ai.tuco.application.workspace.port.out.WorkspaceRepository;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/** PostgreSQL adapters behind the application's outbound ports. */
final class PersistenceModule extends AbstractModule {
    private final DataSource dataSource;
    private final SecretBox secrets;
    private final String publicUrl;

    /**
     * @param secrets seals provider credentials (one that throws when the process was given no key)
     * @param publicUrl {@code TUCO_PUBLIC_URL}, the base of the callback URLs lines give their providers
     */
    PersistenceModule(DataSource dataSource, SecretBox secrets, String publicUrl) {
        this.dataSource = dataSource;
        this.secrets = secrets;
        this.publicUrl = publicUrl;
    }

    @Provides @Singleton Jdbi jdbi() {
        return JdbiFactory.create(dataSource);
    }

    @Provides @Singleton SecretBox secretBox() {
        return secrets;
    }

    @Provides @Singleton TransactionRunner tx(Jdbi jdbi) {
        return new JdbiTransactionRunner(jdbi);
    }

    @Provides @Singleton JdbiWorkspaceRepository jdbiWorkspaces(Jdbi jdbi) {
        return new JdbiWorkspaceRepository(jdbi);
    }

    @Provides WorkspaceRepository workspaces(JdbiWorkspaceRepository workspaces) {
        return workspaces;
    }

    @Provides OrganizationLinks organizationLinks(JdbiWorkspaceRepository workspaces) {
        return workspaces;
    }

    @Provides @Singleton ApiKeyRepository apiKeys(Jdbi jdbi) {
        return new JdbiApiKeyRepository(jdbi);
    }

    @Provides @Singleton LineRepository lines(Jdbi jdbi, SecretBox secrets) {
        return new JdbiLineRepository(jdbi, secrets);
    }

    @Provides @Singleton JdbiLeadRepository jdbiLeads(Jdbi jdbi) {
        return new JdbiLeadRepository(jdbi);
    }

    @Provides LeadRepository leads(JdbiLeadRepository leads) {
        return leads;
    }

    @Provides LeadPages leadPages(JdbiLeadRepository leads) {
        return leads;
    }

    /**
     * Bound as {@code MessageRepository} by {@link MetricsModule}, which counts what it writes; a write that fills the
     * webhook outbox wakes the webhook workers after its commit.
     */
    @Provides @Singleton JdbiMessageRepository messages(Jdbi jdbi, WebhookWakeup webhooks) {
        return new JdbiMessageRepository(jdbi, webhooks);
    }

    @Provides @Singleton DoNotContactRepository doNotContact(Jdbi jdbi) {
        return new JdbiDoNotContactRepository(jdbi);
    }

    @Provides @Singleton UserRepository users(Jdbi jdbi) {
        return new JdbiUserRepository(jdbi);
    }

    @Provides @Singleton IdempotencyRepository idempotency(Jdbi jdbi) {
        return new JdbiIdempotencyRepository(jdbi);
    }

    /** Opened provider configurations, per node; emptied with the read caches by the change notices. */
    @Provides @Singleton JdbiLineContexts jdbiLineContexts(Jdbi jdbi, SecretBox secrets) {
        return new JdbiLineContexts(jdbi, secrets, publicUrl);
    }

    @Provides LineContexts lineContexts(JdbiLineContexts contexts) {
        return contexts;
    }

    @Provides @Singleton LineHealthWriter lineHealth(Jdbi jdbi) {
        return new JdbiLineHealth(jdbi);
    }

    @Provides @Singleton ChangeNotices changeNotices(Jdbi jdbi, ReadCaches caches, JdbiLineContexts contexts) {
        return new PgChangeNotices(jdbi, () -> {
            caches.clear();
            contexts.clear();
        });
    }

    @Provides @Singleton AuditLog audit(Jdbi jdbi) {
        return new JdbiAuditLog(jdbi);
    }

    @Provides @Singleton AuditLogReader auditLogReader(Jdbi jdbi) {
        return new JdbiAuditLogReader(jdbi);
    }

    @Provides @Singleton AuditLogRetention auditLogRetention(Jdbi jdbi) {
        return new JdbiAuditLogRetention(jdbi);
    }

    @Provides @Singleton MessageStatistics messageStatistics(Jdbi jdbi) {
        return new JdbiMessageStatistics(jdbi);
    }

    @Provides @Singleton InstanceFlags flags(Jdbi jdbi) {
        return new JdbiInstanceFlags(jdbi);
    }

    @Provides @Singleton DatabaseHealth health() {
        return new JdbiDatabaseHealth(dataSource);
    }

    @Provides @Singleton DispatchQueue dispatchQueue(Jdbi jdbi, DispatchSettings settings) {
        return new JdbiDispatchQueue(jdbi, settings.perLine());
    }

    @Provides @Singleton LineGate lineGate(Jdbi jdbi) {
        return new JdbiLineGate(jdbi);
    }

    @Provides @Singleton DoNotContactCheck doNotContactCheck(Jdbi jdbi) {
        return new JdbiDoNotContactCheck(jdbi);
    }

    @Provides @Singleton MessageLookup messageLookup(Jdbi jdbi) {
        return new JdbiMessageLookup(jdbi);
    }

    @Provides @Singleton SandboxStore sandboxStore(Jdbi jdbi) {
        return new JdbiSandboxStore(jdbi);
    }
}
