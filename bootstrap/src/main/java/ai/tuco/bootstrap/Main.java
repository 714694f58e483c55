package ai.tuco.bootstrap;

import ai.tuco.application.demo.port.in.SeedDemoUseCase;
import ai.tuco.application.line.port.in.CreateLineUseCase.CreateLineCommand;
import ai.tuco.application.line.port.in.CreateLineUseCase;
import ai.tuco.application.line.port.in.LineInput;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.workspace.port.in.CreateApiKeyUseCase.CreateApiKeyCommand;
import ai.tuco.application.workspace.port.in.CreateApiKeyUseCase;
import ai.tuco.application.workspace.port.in.CreateWorkspaceUseCase.CreateWorkspaceCommand;
import ai.tuco.application.workspace.port.in.CreateWorkspaceUseCase;
import ai.tuco.application.workspace.port.in.LinkOrganizationUseCase.LinkOrganizationCommand;
import ai.tuco.application.workspace.port.in.LinkOrganizationUseCase;
import ai.tuco.application.workspace.port.in.SetWorkspaceStatusUseCase;
import ai.tuco.application.workspace.port.out.WorkspaceRepository;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.ObjectIds;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.WorkspaceStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

/** {@code java -jar tuco.jar [serve | migrate | workspace ... | api-key ... | line ...]}. */
@Command(name = "tuco", mixinStandardHelpOptions = true, version = "tuco 0.1.0",
        description = "Tuco Messages: a self-hostable messaging API. Without a subcommand: serve.",
        subcommands = {Main.Serve.class, Main.Migrate.class, Main.WorkspaceCommands.class, Main.ApiKeyCommands.class,
                Main.LineCommands.class})
public final class Main implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, String> env;
    final PrintStream out;
    final PrintStream err;
    /** Set by tests to stop a running serve; the JVM's shutdown hook does it in production. */
    final CountDownLatch stop;

    Main(Map<String, String> env, PrintStream out, PrintStream err, CountDownLatch stop) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.stop = stop;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err, null));
    }

    /** Runs one command; @return the process exit code (0 ok, 1 failure, 2 configuration or usage error). */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, CountDownLatch stop) {
        Main main = new Main(env, out, err, stop);
        CommandLine cli = new CommandLine(main);
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                err.println("tuco: " + e.getMessage());
                return 2;
            }
            if (e instanceof UseCaseException || e instanceof IllegalArgumentException) {
                err.println("tuco: " + e.getMessage());
                return 1;
            }
            err.println("tuco: unexpected error: " + e);
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        return new Serve(this).call();
    }

    Config config() {
        return Config.from(env);
    }

    /** Opens the service's database like serve does, runs {@code work} and prints its answer as one JSON object. */
    int withTuco(Function<Tuco, Map<String, Object>> work) {
        return print(Tuco.open(config(), Clock.systemUTC()), work);
    }

    /** As {@link #withTuco}, for a command that seals and opens no provider credential (needs no TUCO_SECRET_KEY). */
    int withTucoWithoutSecrets(Function<Tuco, Map<String, Object>> work) {
        return print(Tuco.openWithoutSecrets(config(), Clock.systemUTC()), work);
    }

    private int print(Tuco opened, Function<Tuco, Map<String, Object>> work) {
        try (Tuco tuco = opened) {
            Map<String, Object> result = work.apply(tuco);
            out.println(JSON.writeValueAsString(result));
            return 0;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static WorkspaceId workspaceId(String value) {
        return workspaceId(value, "--workspace");
    }

    static WorkspaceId workspaceId(String value, String option) {
        if (!ObjectIds.isValid(value)) {
            throw new IllegalArgumentException(option + " must be a 24-character hex id, got '" + value + "'");
        }
        return new WorkspaceId(value);
    }

    @Command(name = "serve", description = "Run migrations, then serve HTTP on TUCO_PORT (the default command).")
    static final class Serve implements Callable<Integer> {
        @ParentCommand Main parent;

        Serve() {}

        Serve(Main parent) {
            this.parent = parent;
        }

        @Override
        public Integer call() {
            Tuco tuco = Tuco.open(parent.config(), Clock.systemUTC());
            CountDownLatch stopped = new CountDownLatch(1);
            try {
                Optional<SeedDemoUseCase.DemoSeed> demo = tuco.seedDemoIfEnabled();
                int port = tuco.startHttp().port();
                demo.ifPresent(seed -> printDemo(parent.out, seed, port));
                parent.out.println("Tuco is listening on http://localhost:" + port + " (GET /health/ready)");
            } catch (RuntimeException e) {
                tuco.close();
                throw e;
            }
            CountDownLatch stop = parent.stop;
            if (stop == null) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    tuco.close();
                    stopped.countDown();
                }, "tuco-shutdown"));
                awaitQuietly(stopped);
            } else {
                awaitQuietly(stop);
                tuco.close();
            }
            return 0;
        }

        private static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void printDemo(PrintStream out, SeedDemoUseCase.DemoSeed seed, int port) {
            String body = "{\"message\": \"Hey {{firstName}}, quick question about next week…\", \"messageType\": \"imessage\", "
                    + "\"fromLineId\": \"" + seed.imessageLine().value() + "\", \"leadId\": \"" + seed.lead().value() + "\"}";
            out.println("Demo workspace created: " + seed.workspaceId().value());
            out.println("API key: " + seed.apiKey());
            out.println("Try it:");
            out.println("curl -s -X POST http://localhost:" + port + "/api/messages -H 'Authorization: Bearer "
                    + seed.apiKey() + "' -H 'Content-Type: application/json' -d '" + body + "'");
        }
    }

    @Command(name = "migrate", description = "Apply database migrations and exit.")
    static final class Migrate implements Callable<Integer> {
        @ParentCommand Main parent;

        @Override
        public Integer call() {
            try (Database db = Database.open(parent.config())) {
                parent.out.println("{\"migrated\":true}");
                return 0;
            }
        }
    }

    @Command(name = "workspace", description = "Create workspaces, switch read-only mode, link Clerk organizations.",
            subcommands = {WorkspaceCommands.Create.class, WorkspaceCommands.ReadOnly.class, WorkspaceCommands.Link.class})
    static final class WorkspaceCommands {
        @ParentCommand Main parent;

        @Command(name = "create", description = "Create a workspace and its first admin API key.")
        static final class Create implements Callable<Integer> {
            @ParentCommand WorkspaceCommands group;
            @Option(names = "--name", required = true) String name;
            @Option(names = "--default-country", defaultValue = "US", description = "ISO 3166 region for phones without +") String country;
            @Option(names = "--clerk-organization", description = "the Clerk organization (org_...) whose members sign in to it") String organization;

            @Override
            public Integer call() {
                var command = new CreateWorkspaceCommand(name, country.toUpperCase(java.util.Locale.ROOT),
                        Optional.ofNullable(organization), Actor.cli());
                return group.parent.withTucoWithoutSecrets(tuco -> {
                    var created = tuco.get(CreateWorkspaceUseCase.class).create(command);
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("workspaceId", created.workspaceId().value());
                    result.put("apiKey", created.apiKey());
                    result.put("clerkOrganizationId", created.organizationId().orElse(null));
                    return result;
                });
            }
        }

        @Command(name = "read-only", description = "Put a workspace in or out of read-only mode.")
        static final class ReadOnly implements Callable<Integer> {
            @ParentCommand WorkspaceCommands group;
            @Option(names = "--id", required = true) String id;
            @CommandLine.ArgGroup(exclusive = true, multiplicity = "1") Switch toggle;

            static final class Switch {
                @Option(names = "--on", required = true) boolean on;
                @Option(names = "--off", required = true) boolean off;
            }

            @Override
            public Integer call() {
                WorkspaceId workspace = workspaceId(id, "--id");
                WorkspaceStatus status = toggle.on ? WorkspaceStatus.READ_ONLY : WorkspaceStatus.ACTIVE;
                return group.parent.withTucoWithoutSecrets(tuco -> {
                    if (!tuco.get(SetWorkspaceStatusUseCase.class).setStatus(workspace, status, Actor.cli())) {
                        throw UseCaseException.notFound("Workspace " + id);
                    }
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("workspaceId", id);
                    result.put("status", status.wireName());
                    return result;
                });
            }
        }

        @Command(name = "link", description = "Link a workspace to a Clerk organization (one organization, one workspace), or unlink it.")
        static final class Link implements Callable<Integer> {
            @ParentCommand WorkspaceCommands group;
            @Option(names = "--id", required = true) String id;
            @CommandLine.ArgGroup(exclusive = true, multiplicity = "1") Target target;

            static final class Target {
                @Option(names = "--clerk-organization", required = true, description = "org_...") String organization;
                @Option(names = "--unlink", required = true) boolean unlink;
            }

            @Override
            public Integer call() {
                var command = new LinkOrganizationCommand(workspaceId(id, "--id"),
                        Optional.ofNullable(target.organization), Actor.cli());
                return group.parent.withTucoWithoutSecrets(tuco -> {
                    var workspace = tuco.get(LinkOrganizationUseCase.class).link(command);
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("workspaceId", workspace.id().value());
                    result.put("clerkOrganizationId", workspace.externalId().orElse(null));
                    return result;
                });
            }
        }
    }

    @Command(name = "api-key", description = "Issue API keys.", subcommands = {ApiKeyCommands.Create.class})
    static final class ApiKeyCommands {
        @ParentCommand Main parent;

        @Command(name = "create", description = "Create an API key; its secret is printed once.")
        static final class Create implements Callable<Integer> {
            @ParentCommand ApiKeyCommands group;
            @Option(names = "--workspace", required = true) String workspace;
            @Option(names = "--role", defaultValue = "admin", description = "admin or member") String role;
            @Option(names = "--user", description = "bind the key to this user id") String user;
            @Option(names = "--name", defaultValue = "CLI key", description = "1 to 200 characters") String name;

            @Override
            public Integer call() {
                WorkspaceId ws = workspaceId(workspace);
                if (name.isBlank()) {
                    throw new IllegalArgumentException("--name must not be blank");
                }
                Role r = Role.fromWire(role).orElseThrow(() -> new IllegalArgumentException("--role must be admin or member"));
                Optional<UserId> u = Optional.ofNullable(user).map(v -> {
                    if (!ObjectIds.isValid(v)) {
                        throw new IllegalArgumentException("--user must be a 24-character hex id");
                    }
                    return new UserId(v);
                });
                return group.parent.withTucoWithoutSecrets(tuco -> {
                    var created = tuco.get(CreateApiKeyUseCase.class).create(new CreateApiKeyCommand(ws, name, r, u, Actor.cli()));
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("apiKeyId", created.apiKey().id().value());
                    result.put("apiKey", created.secret());
                    return result;
                });
            }
        }
    }

    @Command(name = "line", description = "Add lines (sender identities).", subcommands = {LineCommands.Create.class})
    static final class LineCommands {
        @ParentCommand Main parent;

        @Command(name = "create", description = "Create a line.")
        static final class Create implements Callable<Integer> {
            @ParentCommand LineCommands group;
            @Option(names = "--workspace", required = true) String workspace;
            @Option(names = "--channel", required = true, description = "imessage, sms or email") String channel;
            @Option(names = "--provider", defaultValue = "sandbox", description = "sandbox (others through the API)") String provider;
            @Option(names = "--address", description = "the line's phone number or email address") String address;
            @Option(names = "--name", defaultValue = "") String name;

            @Override
            public Integer call() {
                WorkspaceId ws = workspaceId(workspace);
                Channel c = Channel.fromWire(channel).orElseThrow(() -> new IllegalArgumentException("--channel must be imessage, sms or email"));
                Provider p = Provider.fromWire(provider).filter(Provider.SANDBOX::equals)
                        .orElseThrow(() -> new IllegalArgumentException("--provider must be sandbox here; other providers need credentials, set through the API"));
                Optional<String> given = Optional.ofNullable(address);
                LineInput fields = LineInput.of(p.wireName(), List.of(c.wireName()),
                        c.usesPhone() ? given : Optional.empty(), c.usesPhone() ? Optional.empty() : given, name);
                return group.parent.withTuco(tuco -> {
                    var found = tuco.get(WorkspaceRepository.class).findById(ws).orElseThrow(() -> UseCaseException.notFound("Workspace"));
                    Caller operator = new Caller(found, Role.ADMIN, Optional.empty(), Optional.empty());
                    try {
                        var created = tuco.get(CreateLineUseCase.class).create(operator, Actor.cli(), new CreateLineCommand(fields));
                        return Map.of("lineId", created.line().id().value());
                    } catch (UseCaseException e) {
                        if (e.kind() != UseCaseException.Kind.INVALID) {
                            throw e;
                        }
                        throw new IllegalArgumentException(String.join("; ", e.details().stream().map(this::inOptionTerms).distinct().toList()));
                    }
                });
            }

            /** The API's field errors, said in this command's options (the address is the line's phone or email). */
            private String inOptionTerms(FieldError error) {
                if (!error.field().equals("phone") && !error.field().equals("email")) {
                    return error.message();
                }
                if (address == null) {
                    return "--address is needed: " + error.message();
                }
                return error.field().equals("phone") ? "address must be a phone number" : "address must be an email address for an email line";
            }
        }
    }
}
