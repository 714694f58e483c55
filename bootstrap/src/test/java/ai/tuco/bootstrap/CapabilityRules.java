package ai.tuco.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import java.util.function.Function;

/**
 * The hexagon's and the capability layout's rules, for any root package: {@code ai.tuco} in {@link ArchitectureTest},
 * the fixtures under {@code ai.tuco.archfixture} in {@link CapabilityRulesTest}. Every rule is scoped to classes under
 * its root and must match something ({@code allowEmptyShould(false)}), so a misspelt package cannot pass silently.
 */
final class CapabilityRules {
    private CapabilityRules() {}

    /** Every rule, by name, so one test can run each against the fixture that breaks it. */
    enum Rule {
        DOMAIN_USES_ONLY_THE_JDK(CapabilityRules::domainUsesOnlyTheJdkAndItself),
        APPLICATION_USES_ONLY_THE_JDK_AND_DOMAIN(CapabilityRules::applicationUsesOnlyTheJdkTheDomainAndItself),
        ADAPTERS_REACH_THE_APPLICATION_THROUGH_PORTS(CapabilityRules::adaptersReachTheApplicationThroughPortsOnly),
        NOTHING_BUT_BOOTSTRAP_KNOWS_BOOTSTRAP(CapabilityRules::nothingButBootstrapKnowsBootstrap),
        ADAPTERS_DO_NOT_KNOW_EACH_OTHER(CapabilityRules::adaptersDoNotKnowEachOther),
        INBOUND_PORTS_DO_NOT_KNOW_OUTBOUND_PORTS(CapabilityRules::inboundPortsDoNotKnowOutboundPorts),
        OUTBOUND_PORTS_DO_NOT_KNOW_INBOUND_PORTS(CapabilityRules::outboundPortsDoNotKnowInboundPorts),
        ONLY_BOOTSTRAP_USES_GUICE(CapabilityRules::onlyBootstrapUsesGuice),
        WEB_AND_METRICS_LIBRARIES_STAY_IN_THE_HTTP_ADAPTER(CapabilityRules::webAndMetricsLibrariesStayInTheHttpAdapter),
        DATABASE_LIBRARIES_STAY_IN_THE_PERSISTENCE_ADAPTER(CapabilityRules::databaseLibrariesStayInThePersistenceAdapter),
        APPLICATION_CAPABILITIES_ARE_FREE_OF_CYCLES(CapabilityRules::applicationCapabilitiesAreFreeOfCycles),
        CAPABILITIES_TALK_THROUGH_PORTS(CapabilityRules::capabilitiesTalkThroughPorts),
        PERSISTENCE_CAPABILITIES_ARE_FREE_OF_CYCLES(CapabilityRules::persistenceCapabilitiesAreFreeOfCycles),
        HTTP_CAPABILITIES_ARE_FREE_OF_CYCLES(CapabilityRules::httpCapabilitiesAreFreeOfCycles),
        APPLICATION_DOES_NOT_USE_JAVA_UTIL_LOGGING(CapabilityRules::applicationDoesNotUseJavaUtilLogging),
        APPLICATION_DOES_NOT_DECODE_BASE64(CapabilityRules::applicationDoesNotDecodeBase64);

        private final Function<String, ArchRule> factory;

        Rule(Function<String, ArchRule> factory) {
            this.factory = factory;
        }

        ArchRule under(String root) {
            return factory.apply(root);
        }
    }

    static ArchRule domainUsesOnlyTheJdkAndItself(String root) {
        return classes().that().resideInAPackage(root + ".domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", root + ".domain..")
                .allowEmptyShould(false);
    }

    static ArchRule applicationUsesOnlyTheJdkTheDomainAndItself(String root) {
        return classes().that().resideInAPackage(root + ".application..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", root + ".domain..", root + ".application..")
                .allowEmptyShould(false);
    }

    static ArchRule adaptersReachTheApplicationThroughPortsOnly(String root) {
        return noClasses().that().resideInAPackage(root + ".adapters..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage(root + ".application..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage(root + ".application..port.."))))
                .allowEmptyShould(false);
    }

    static ArchRule nothingButBootstrapKnowsBootstrap(String root) {
        return noClasses().that().resideInAnyPackage(root + ".adapters..", root + ".application..", root + ".domain..")
                .should().dependOnClassesThat().resideInAPackage(root + ".bootstrap..")
                .allowEmptyShould(false);
    }

    static ArchRule adaptersDoNotKnowEachOther(String root) {
        return slices().matching(root + ".adapters.(*)..").should().notDependOnEachOther().allowEmptyShould(false);
    }

    static ArchRule inboundPortsDoNotKnowOutboundPorts(String root) {
        return noClasses().that().resideInAPackage(root + ".application..port.in..")
                .should().dependOnClassesThat().resideInAPackage(root + ".application..port.out..")
                .allowEmptyShould(false);
    }

    static ArchRule outboundPortsDoNotKnowInboundPorts(String root) {
        return noClasses().that().resideInAPackage(root + ".application..port.out..")
                .should().dependOnClassesThat().resideInAPackage(root + ".application..port.in..")
                .allowEmptyShould(false);
    }

    static ArchRule onlyBootstrapUsesGuice(String root) {
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackage(root + ".bootstrap..")
                .should().dependOnClassesThat().resideInAPackage("com.google.inject..")
                .allowEmptyShould(false);
    }

    /** Javalin, and Micrometer with its Prometheus client (the HTTP adapter serves /metrics; bootstrap binds the pool's meters). */
    static ArchRule webAndMetricsLibrariesStayInTheHttpAdapter(String root) {
        return noClasses().that().resideInAPackage(root + "..")
                .and().resideOutsideOfPackages(root + ".adapters.http..", root + ".bootstrap..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "io.micrometer..", "io.prometheus..")
                .allowEmptyShould(false);
    }

    static ArchRule databaseLibrariesStayInThePersistenceAdapter(String root) {
        return noClasses().that().resideInAPackage(root + "..")
                .and().resideOutsideOfPackages(root + ".adapters.persistence..", root + ".bootstrap..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jdbi..", "org.flywaydb..", "com.zaxxer..", "io.zonky..")
                .allowEmptyShould(false);
    }

    static ArchRule applicationCapabilitiesAreFreeOfCycles(String root) {
        return slices().matching(root + ".application.(*)..").should().beFreeOfCycles().allowEmptyShould(false);
    }

    static ArchRule persistenceCapabilitiesAreFreeOfCycles(String root) {
        return slices().matching(root + ".adapters.persistence.(*)..").should().beFreeOfCycles().allowEmptyShould(false);
    }

    static ArchRule httpCapabilitiesAreFreeOfCycles(String root) {
        return slices().matching(root + ".adapters.http.(*)..").should().beFreeOfCycles().allowEmptyShould(false);
    }

    /**
     * A capability of the application reaches another only through that capability's {@code port..} packages; the
     * root package of {@code shared} (small helpers such as {@code ExpiringCache}) is open to all.
     */
    static ArchRule capabilitiesTalkThroughPorts(String root) {
        String application = root + ".application";
        return classes().that().resideInAPackage(application + "..")
                .should(reachOtherCapabilitiesOnlyThroughPorts(application))
                .allowEmptyShould(false);
    }

    static ArchRule applicationDoesNotUseJavaUtilLogging(String root) {
        return noClasses().that().resideInAPackage(root + ".application..")
                .should().dependOnClassesThat().resideInAPackage("java.util.logging..")
                .because("the application logs through System.Logger, which bootstrap routes to the one logging configuration")
                .allowEmptyShould(false);
    }

    static ArchRule applicationDoesNotDecodeBase64(String root) {
        return noClasses().that().resideInAPackage(root + ".application..")
                .should().dependOnClassesThat(DescribedPredicate.describe("are java.util.Base64's decoders",
                        c -> c.getName().equals("java.util.Base64$Decoder")))
                .because("encoded wire forms (cursors) are parsed in the adapters; encoding new secrets is fine")
                .allowEmptyShould(false);
    }

    private static ArchCondition<JavaClass> reachOtherCapabilitiesOnlyThroughPorts(String application) {
        return new ArchCondition<>("reach other capabilities only through their port packages (or shared's root package)") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Optional<String> own = capability(application, origin.getPackageName());
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    String target = d.getTargetClass().getBaseComponentType().getPackageName();
                    Optional<String> other = capability(application, target);
                    if (other.isEmpty() || other.equals(own)) {
                        continue;
                    }
                    String within = target.substring(application.length() + 1 + other.get().length());
                    boolean port = within.equals(".port") || within.startsWith(".port.");
                    boolean sharedHelper = other.get().equals("shared") && within.isEmpty();
                    if (!port && !sharedHelper) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        };
    }

    /** The capability (first package below the application's root) a package belongs to, if any. */
    private static Optional<String> capability(String application, String packageName) {
        if (!packageName.startsWith(application + ".")) {
            return Optional.empty();
        }
        String rest = packageName.substring(application.length() + 1);
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }
}
