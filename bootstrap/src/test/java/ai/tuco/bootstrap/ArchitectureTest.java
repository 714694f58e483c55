package ai.tuco.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.bootstrap.CapabilityRules.Rule;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hexagon's and the capability layout's rules ({@link CapabilityRules}, themselves tested by
 * {@link CapabilityRulesTest}) on every production class of every module. Allow-lists rather than deny-lists, and every
 * rule must match something, so a misspelt package cannot pass silently.
 */
class ArchitectureTest {
    private static final String ROOT = "ai.tuco";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the modules' test-jars (test fixtures such as MutableClock) are not production classes either
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages(ROOT);
    }

    /**
     * Dependencies that break a rule on {@code main} today and that issue 12's other branches remove: each entry must
     * still occur (a fixed one fails this test until it is deleted here), and nothing else may break the rule.
     */
    private record Known(Rule rule, String origin, String target) {
        boolean explains(String violation) {
            boolean fromOrigin = violation.contains("<" + origin + ".") || violation.contains("<" + origin + "$")
                    || violation.contains("<" + origin + ">");
            return fromOrigin && violation.contains(target);
        }
    }

    private static final List<Known> KNOWN = List.of(
            new Known(Rule.CAPABILITIES_TALK_THROUGH_PORTS, "ai.tuco.application.dispatch.DispatchService", "ai.tuco.application.message.FallbackSms"),
            new Known(Rule.CAPABILITIES_TALK_THROUGH_PORTS, "ai.tuco.application.dispatch.ProviderEventService", "ai.tuco.application.message.FallbackSms"),
            new Known(Rule.CAPABILITIES_TALK_THROUGH_PORTS, "ai.tuco.application.dispatch.DispatchService", "ai.tuco.application.provider.ProviderCalls"),
            new Known(Rule.CAPABILITIES_TALK_THROUGH_PORTS, "ai.tuco.application.lead.AvailabilityService", "ai.tuco.application.provider.ProviderCalls"),
            new Known(Rule.CAPABILITIES_TALK_THROUGH_PORTS, "ai.tuco.application.line.LineService", "ai.tuco.application.provider.ProviderConfigRules"),
            new Known(Rule.APPLICATION_DOES_NOT_USE_JAVA_UTIL_LOGGING, "ai.tuco.application.dispatch.DispatchService", "java.util.logging."),
            new Known(Rule.APPLICATION_DOES_NOT_USE_JAVA_UTIL_LOGGING, "ai.tuco.application.lead.AvailabilityService", "java.util.logging."),
            new Known(Rule.APPLICATION_DOES_NOT_USE_BASE64, "ai.tuco.application.message.MessageQueryService", "java.util.Base64"),
            new Known(Rule.APPLICATION_DOES_NOT_USE_BASE64, "ai.tuco.application.workspace.ApiKeySecrets", "java.util.Base64"));

    private static void check(Rule rule) {
        List<Known> known = KNOWN.stream().filter(k -> k.rule() == rule).toList();
        if (known.isEmpty()) {
            rule.under(ROOT).check(classes);
            return;
        }
        List<String> violations = rule.under(ROOT).evaluate(classes).getFailureReport().getDetails();
        assertThat(violations.stream().filter(v -> known.stream().noneMatch(k -> k.explains(v))).toList())
                .as(rule + ": new violations").isEmpty();
        assertThat(known.stream().filter(k -> violations.stream().noneMatch(k::explains)).toList())
                .as(rule + ": fixed, delete from KNOWN").isEmpty();
    }

    @Test
    void onlyProductionClassesAreChecked_notTheRuleFixtures() {
        assertThat(classes).isNotEmpty()
                .noneMatch(c -> c.getPackageName().startsWith("ai.tuco.archfixture"))
                .noneMatch(c -> c.getName().equals(CapabilityRules.class.getName()));
    }

    @Test
    void domain_usesOnlyTheJdkAndItself() {
        check(Rule.DOMAIN_USES_ONLY_THE_JDK);
    }

    @Test
    void application_usesOnlyTheJdkTheDomainAndItself() {
        check(Rule.APPLICATION_USES_ONLY_THE_JDK_AND_DOMAIN);
    }

    @Test
    void adapters_reachTheApplicationThroughPortsOnly() {
        check(Rule.ADAPTERS_REACH_THE_APPLICATION_THROUGH_PORTS);
        check(Rule.NOTHING_BUT_BOOTSTRAP_KNOWS_BOOTSTRAP);
    }

    @Test
    void adapters_doNotKnowEachOther() {
        check(Rule.ADAPTERS_DO_NOT_KNOW_EACH_OTHER);
    }

    @Test
    void inboundAndOutboundPorts_doNotKnowEachOther() {
        check(Rule.INBOUND_PORTS_DO_NOT_KNOW_OUTBOUND_PORTS);
        check(Rule.OUTBOUND_PORTS_DO_NOT_KNOW_INBOUND_PORTS);
    }

    @Test
    void onlyBootstrap_usesGuice() {
        check(Rule.ONLY_BOOTSTRAP_USES_GUICE);
    }

    @Test
    void frameworks_stayInTheirAdapters() {
        check(Rule.JAVALIN_STAYS_IN_THE_HTTP_ADAPTER);
        check(Rule.DATABASE_LIBRARIES_STAY_IN_THE_PERSISTENCE_ADAPTER);
    }

    @Test
    void applicationCapabilities_areFreeOfCycles() {
        check(Rule.APPLICATION_CAPABILITIES_ARE_FREE_OF_CYCLES);
    }

    @Test
    void capabilities_talkToEachOtherThroughPorts() {
        check(Rule.CAPABILITIES_TALK_THROUGH_PORTS);
    }

    @Test
    void adapterCapabilities_areFreeOfCycles() {
        check(Rule.PERSISTENCE_CAPABILITIES_ARE_FREE_OF_CYCLES);
        check(Rule.HTTP_CAPABILITIES_ARE_FREE_OF_CYCLES);
    }

    @Test
    void application_doesNotUseJavaUtilLogging() {
        check(Rule.APPLICATION_DOES_NOT_USE_JAVA_UTIL_LOGGING);
    }

    @Test
    void application_doesNotUseBase64() {
        check(Rule.APPLICATION_DOES_NOT_USE_BASE64);
    }
}
