package ai.tuco.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.bootstrap.CapabilityRules.Rule;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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

    private static void check(Rule rule) {
        rule.under(ROOT).check(classes);
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
        check(Rule.WEB_AND_METRICS_LIBRARIES_STAY_IN_THE_HTTP_ADAPTER);
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
        check(Rule.APPLICATION_DOES_NOT_DECODE_BASE64);
    }
}
