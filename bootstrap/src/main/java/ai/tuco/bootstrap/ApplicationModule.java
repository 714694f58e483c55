package ai.tuco.bootstrap;

import ai.tuco.adapters.delivery.phone.LibPhoneNumberNormalizer;
import ai.tuco.application.audit.AuditRetentionService;
import ai.tuco.application.audit.ReadAuditLogService;
import ai.tuco.application.audit.port.in.ListAuditLogsQuery;
import ai.tuco.application.audit.port.in.PurgeAuditLogUseCase;
import ai.tuco.application.audit.port.out.AuditLogReader;
import ai.tuco.application.audit.port.out.AuditLogRetention;
import ai.tuco.application.demo.DemoSeeder;
import ai.tuco.application.demo.port.in.SeedDemoUseCase;
import ai.tuco.application.donotcontact.DoNotContactService;
import ai.tuco.application.donotcontact.port.in.DoNotContactUseCase;
import ai.tuco.application.donotcontact.port.out.DoNotContactRepository;
import ai.tuco.application.idempotency.IdempotencyService;
import ai.tuco.application.idempotency.port.in.IdempotencyUseCase;
import ai.tuco.application.idempotency.port.out.IdempotencyMetrics;
import ai.tuco.application.idempotency.port.out.IdempotencyRepository;
import ai.tuco.application.lead.DeleteLeadsService;
import ai.tuco.application.lead.ExportLeadsService;
import ai.tuco.application.lead.ImportLeadsService;
import ai.tuco.application.lead.LeadQueryService;
import ai.tuco.application.lead.UpdateLeadService;
import ai.tuco.application.lead.port.in.DeleteLeadsUseCase;
import ai.tuco.application.lead.port.in.ExportLeadsQuery;
import ai.tuco.application.lead.port.in.ImportLeadsUseCase;
import ai.tuco.application.lead.port.in.LeadQuery;
import ai.tuco.application.lead.port.in.UpdateLeadUseCase;
import ai.tuco.application.lead.port.out.LeadPages;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.lead.port.out.WaitingMessages;
import ai.tuco.application.line.CreateLineService;
import ai.tuco.application.line.LineLifecycle;
import ai.tuco.application.line.LineQueryService;
import ai.tuco.application.line.ManageLinesService;
import ai.tuco.application.line.port.in.CreateLineUseCase;
import ai.tuco.application.line.port.in.ListLinesQuery;
import ai.tuco.application.line.port.in.ManageLinesUseCase;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.message.CancelMessageService;
import ai.tuco.application.message.CancelWaitingMessages;
import ai.tuco.application.message.ExportMessagesService;
import ai.tuco.application.message.ReadMessagesService;
import ai.tuco.application.message.SendMessageService;
import ai.tuco.application.message.port.in.CancelMessageUseCase;
import ai.tuco.application.message.port.in.ExportMessagesQuery;
import ai.tuco.application.message.port.in.GetMessageQuery;
import ai.tuco.application.message.port.in.ListMessagesQuery;
import ai.tuco.application.message.port.in.SendMessageUseCase;
import ai.tuco.application.message.port.out.DispatchWakeup;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.provider.port.out.spi.ProviderDirectory;
import ai.tuco.application.report.MessageReportService;
import ai.tuco.application.report.port.in.MessageReportQuery;
import ai.tuco.application.report.port.out.MessageStatistics;
import ai.tuco.application.shared.ObjectIdGenerator;
import ai.tuco.application.shared.ReadinessService;
import ai.tuco.application.shared.port.in.CheckReadinessQuery;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.ChangeNotices;
import ai.tuco.application.shared.port.out.DatabaseHealth;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.InstanceFlags;
import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.workspace.ApiKeyService;
import ai.tuco.application.workspace.AuthenticationService;
import ai.tuco.application.workspace.ClerkOrganizations;
import ai.tuco.application.workspace.ReadCaches;
import ai.tuco.application.workspace.WorkspaceService;
import ai.tuco.application.workspace.port.in.AuthenticateUseCase;
import ai.tuco.application.workspace.port.in.CreateApiKeyUseCase;
import ai.tuco.application.workspace.port.in.CreateWorkspaceUseCase;
import ai.tuco.application.workspace.port.in.LinkOrganizationUseCase;
import ai.tuco.application.workspace.port.in.ManageApiKeysUseCase;
import ai.tuco.application.workspace.port.in.SetWorkspaceStatusUseCase;
import ai.tuco.application.workspace.port.out.ApiKeyRepository;
import ai.tuco.application.workspace.port.out.OrganizationLinks;
import ai.tuco.application.workspace.port.out.UserRepository;
import ai.tuco.application.workspace.port.out.WorkspaceRepository;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executors;

/** Use cases wired to their ports with explicit constructors. */
final class ApplicationModule extends AbstractModule {
    private final Clock clock;
    private final Duration readCacheTtl;
    private final boolean clerkAutoProvision;
    private final int exportPageSize;
    private final AcceptBatching acceptBatching;

    /** Group commit of accepts (ADR 22): writer threads, accepts per transaction at most, wait for a fuller batch. */
    record AcceptBatching(int writers, int maxBatch, Duration linger) {}

    /**
     * @param clerkAutoProvision whether a Clerk organisation's first valid token creates its workspace
     * @param exportPageSize rows an export reads per query
     */
    ApplicationModule(Clock clock, Duration readCacheTtl, boolean clerkAutoProvision, int exportPageSize,
            AcceptBatching acceptBatching) {
        this.acceptBatching = acceptBatching;
        this.clock = clock;
        this.readCacheTtl = readCacheTtl;
        this.clerkAutoProvision = clerkAutoProvision;
        this.exportPageSize = exportPageSize;
    }

    /** What the accept path read recently (API keys, lines); ADR 8. */
    @Provides @Singleton ReadCaches readCaches() {
        return new ReadCaches(readCacheTtl, clock);
    }

    @Provides Clock clock() {
        return clock;
    }

    @Provides @Singleton IdGenerator ids() {
        return new ObjectIdGenerator(clock);
    }

    @Provides @Singleton PhoneNormalizer phones() {
        return new LibPhoneNumberNormalizer();
    }

    @Provides @Singleton ApiKeyService apiKeyService(ApiKeyRepository keys, UserRepository users, AuditLog audit,
            TransactionRunner tx, IdGenerator ids, ChangeNotices notices) {
        return new ApiKeyService(keys, users, audit, tx, ids, clock, notices);
    }

    @Provides CreateApiKeyUseCase createApiKey(ApiKeyService s) {
        return s;
    }

    @Provides @Singleton WorkspaceService workspaceService(
            WorkspaceRepository workspaces, OrganizationLinks links, CreateApiKeyUseCase keys, AuditLog audit,
            TransactionRunner tx, IdGenerator ids, ChangeNotices notices) {
        return new WorkspaceService(workspaces, links, keys, audit, tx, ids, clock, notices);
    }

    @Provides LinkOrganizationUseCase linkOrganization(WorkspaceService s) {
        return s;
    }

    @Provides CreateWorkspaceUseCase createWorkspace(WorkspaceService s) {
        return s;
    }

    @Provides SetWorkspaceStatusUseCase setWorkspaceStatus(WorkspaceService s) {
        return s;
    }

    @Provides @Singleton CreateLineUseCase createLine(LineRepository lines, UserRepository users, PhoneNormalizer phones,
            ProviderDirectory providers, AuditLog audit, TransactionRunner tx, IdGenerator ids, LineLifecycle lifecycle) {
        return new CreateLineService(lines, users, phones, providers, audit, tx, ids, clock, lifecycle);
    }

    @Provides @Singleton ManageLinesUseCase manageLines(LineRepository lines, UserRepository users, PhoneNormalizer phones,
            ProviderDirectory providers, AuditLog audit, TransactionRunner tx, ChangeNotices notices, LineLifecycle lifecycle) {
        return new ManageLinesService(lines, users, phones, providers, audit, tx, notices, clock, lifecycle);
    }

    @Provides ManageApiKeysUseCase manageApiKeys(ApiKeyService s) {
        return s;
    }

    @Provides @Singleton ImportLeadsUseCase importLeads(LeadRepository leads, PhoneNormalizer phones, AuditLog audit,
            TransactionRunner tx, IdGenerator ids) {
        return new ImportLeadsService(leads, phones, audit, tx, ids, clock);
    }

    @Provides @Singleton LeadQuery leadQuery(LeadRepository leads) {
        return new LeadQueryService(leads);
    }

    @Provides @Singleton ExportLeadsQuery exportLeads(LeadPages leads) {
        return new ExportLeadsService(leads, exportPageSize);
    }

    @Provides @Singleton UpdateLeadUseCase updateLead(LeadRepository leads, PhoneNormalizer phones, AuditLog audit,
            TransactionRunner tx) {
        return new UpdateLeadService(leads, phones, audit, tx, clock);
    }

    @Provides @Singleton DeleteLeadsUseCase deleteLeads(LeadRepository leads, WaitingMessages waiting, AuditLog audit,
            TransactionRunner tx) {
        return new DeleteLeadsService(leads, waiting, audit, tx, clock);
    }

    @Provides @Singleton DoNotContactUseCase doNotContact(DoNotContactRepository entries, PhoneNormalizer phones,
            AuditLog audit, TransactionRunner tx, IdGenerator ids) {
        return new DoNotContactService(entries, phones, audit, tx, ids, clock);
    }

    @Provides @Singleton SeedDemoUseCase seedDemo(
            WorkspaceRepository workspaces, LeadRepository leads, InstanceFlags flags, CreateWorkspaceUseCase createWorkspace,
            CreateLineUseCase createLine, TransactionRunner tx) {
        return new DemoSeeder(workspaces, leads, flags, createWorkspace, createLine, tx, clock);
    }

    @Provides @Singleton AuthenticateUseCase authenticate(ApiKeyRepository keys, WorkspaceRepository workspaces,
            OrganizationLinks links, AuditLog audit, TransactionRunner tx, UserRepository users, IdGenerator ids,
            ReadCaches caches) {
        var organizations = new ClerkOrganizations(workspaces, links, audit, tx, ids, clock, clerkAutoProvision);
        return new AuthenticationService(keys, organizations, users, ids, clock, caches.credentials());
    }

    @Provides @Singleton SendMessageUseCase sendMessage(SendMessageService service) {
        return service;
    }

    /** Its writer threads end with the service (the shutdown writes what has queued before the pool closes). */
    @Provides @Singleton SendMessageService sendMessageService(
            MessageRepository messages, LeadRepository leads, LineRepository lines, IdempotencyRepository keys,
            PhoneNormalizer phones, TransactionRunner tx, IdGenerator ids, DispatchWakeup wakeup,
            ReadCaches caches) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "accept-writer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new SendMessageService(messages, leads, lines, keys, phones, tx, ids, clock, wakeup, caches.lines(), caches.workspaceLines(),
                new SendMessageService.Batching(acceptBatching.writers(), acceptBatching.maxBatch(), acceptBatching.linger(), threads));
    }

    /** Lead deletion cancels waiting messages through the message capability's domain cancel and writer. */
    @Provides @Singleton WaitingMessages waitingMessages(MessageRepository messages) {
        return new CancelWaitingMessages(messages);
    }

    @Provides @Singleton ReadMessagesService readMessages(MessageRepository messages, LineRepository lines) {
        return new ReadMessagesService(messages, lines, clock);
    }

    @Provides @Singleton ExportMessagesQuery exportMessages(MessageRepository messages, LineRepository lines) {
        // reads each export's next page while the current one is written; idle threads end after a minute
        ExecutorService readAhead = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "export-read-ahead");
            t.setDaemon(true);
            return t;
        });
        return new ExportMessagesService(messages, lines, clock, exportPageSize, readAhead);
    }

    @Provides GetMessageQuery getMessage(ReadMessagesService s) {
        return s;
    }

    @Provides ListMessagesQuery listMessages(ReadMessagesService s) {
        return s;
    }

    @Provides @Singleton CancelMessageUseCase cancelMessage(
            MessageRepository messages, LineRepository lines, AuditLog audit, TransactionRunner tx) {
        return new CancelMessageService(messages, lines, audit, tx, clock);
    }

    @Provides @Singleton ListLinesQuery listLines(LineRepository lines) {
        return new LineQueryService(lines, clock);
    }

    @Provides @Singleton IdempotencyUseCase idempotency(IdempotencyRepository records, IdempotencyMetrics metrics) {
        return new IdempotencyService(records, clock, metrics);
    }

    @Provides @Singleton ListAuditLogsQuery listAuditLogs(AuditLogReader reader) {
        return new ReadAuditLogService(reader);
    }

    @Provides @Singleton MessageReportQuery messageReports(MessageStatistics statistics) {
        return new MessageReportService(statistics, clock);
    }

    @Provides @Singleton PurgeAuditLogUseCase purgeAuditLog(AuditLogRetention retention) {
        return new AuditRetentionService(retention, clock);
    }

    @Provides @Singleton CheckReadinessQuery readiness(DatabaseHealth health) {
        return new ReadinessService(health);
    }
}
