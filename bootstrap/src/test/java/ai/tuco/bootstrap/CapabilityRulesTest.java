package ai.tuco.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.bootstrap.CapabilityRules.Rule;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.EnumSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The layout rules are tested themselves: each runs against a small fixture under {@code ai.tuco.archfixture} that
 * breaks exactly that rule and must fail, naming the offending class; every other rule passes on that fixture; and the
 * well-formed fixture passes every rule. A rule that matched nothing, or a typo in a package pattern, shows up here.
 */
class CapabilityRulesTest {
    private static final String FIXTURES = "ai.tuco.archfixture";

    /** A fixture root and the class its breakage is in. */
    private record Breakage(String fixture, String offender) {
        String root() {
            return FIXTURES + "." + fixture;
        }
    }

    private static Breakage breakageOf(Rule rule) {
        return switch (rule) {
            case DOMAIN_USES_ONLY_THE_JDK -> new Breakage("frameworkindomain", "domain.Order");
            case APPLICATION_USES_ONLY_THE_JDK_AND_DOMAIN -> new Breakage("frameworkinapplication", "application.alpha.OrderService");
            case ADAPTERS_REACH_THE_APPLICATION_THROUGH_PORTS -> new Breakage("adapterreachesservice", "adapters.persistence.alpha.OrderAdapter");
            case NOTHING_BUT_BOOTSTRAP_KNOWS_BOOTSTRAP -> new Breakage("adapterknowsbootstrap", "adapters.http.alpha.OrderRoutes");
            case ADAPTERS_DO_NOT_KNOW_EACH_OTHER -> new Breakage("adaptersknoweachother", "adapters.http.alpha.OrderRoutes");
            case INBOUND_PORTS_DO_NOT_KNOW_OUTBOUND_PORTS -> new Breakage("portinknowsportout", "application.alpha.port.in.PlaceOrderCommand");
            case OUTBOUND_PORTS_DO_NOT_KNOW_INBOUND_PORTS -> new Breakage("portoutknowsportin", "application.alpha.port.out.OrderStore");
            case ONLY_BOOTSTRAP_USES_GUICE -> new Breakage("guiceinadapter", "adapters.http.alpha.OrderRoutes");
            case WEB_AND_METRICS_LIBRARIES_STAY_IN_THE_HTTP_ADAPTER -> new Breakage("javalininpersistence", "adapters.persistence.alpha.OrderStore");
            case DATABASE_LIBRARIES_STAY_IN_THE_PERSISTENCE_ADAPTER -> new Breakage("jdbiinhttp", "adapters.http.alpha.OrderRoutes");
            case APPLICATION_CAPABILITIES_ARE_FREE_OF_CYCLES -> new Breakage("capabilitycycle", "application.beta.BetaService");
            case CAPABILITIES_TALK_THROUGH_PORTS -> new Breakage("serviceimport", "application.dispatch.DispatchService");
            case PERSISTENCE_CAPABILITIES_ARE_FREE_OF_CYCLES -> new Breakage("persistencecycle", "adapters.persistence.beta.BetaStore");
            case HTTP_CAPABILITIES_ARE_FREE_OF_CYCLES -> new Breakage("httpcycle", "adapters.http.beta.BetaRoutes");
            case APPLICATION_DOES_NOT_USE_JAVA_UTIL_LOGGING -> new Breakage("logginginapplication", "application.alpha.OrderService");
            case APPLICATION_DOES_NOT_DECODE_BASE64 -> new Breakage("base64inapplication", "application.alpha.CursorService");
        };
    }

    private static final JavaClasses ALL_FIXTURES = new ClassFileImporter().importPackages(FIXTURES);

    private static JavaClasses fixture(String root) {
        JavaClasses classes = ALL_FIXTURES.that(JavaClass.Predicates.resideInAPackage(root + ".."));
        assertThat(classes).as("fixture " + root).isNotEmpty();
        return classes;
    }

    @ParameterizedTest
    @EnumSource(Rule.class)
    void eachRule_failsOnTheFixtureThatBreaksIt_namingTheOffender(Rule rule) {
        Breakage breakage = breakageOf(rule);
        JavaClasses classes = fixture(breakage.root());

        assertThatThrownBy(() -> rule.under(breakage.root()).check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(breakage.root() + "." + breakage.offender())
                .hasMessageNotContaining("failed to check any classes");
    }

    @ParameterizedTest
    @EnumSource(Rule.class)
    void eachFixture_breaksNoOtherRule(Rule broken) {
        Breakage breakage = breakageOf(broken);
        JavaClasses classes = fixture(breakage.root());

        for (Rule other : EnumSet.complementOf(EnumSet.of(broken))) {
            // a small fixture leaves most rules nothing to check: that is not what this test is about
            assertThatCode(() -> other.under(breakage.root()).allowEmptyShould(true).check(classes))
                    .as(other + " on fixture " + breakage.fixture())
                    .doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @EnumSource(Rule.class)
    void theWellFormedFixture_passesEveryRule(Rule rule) {
        String root = FIXTURES + ".wellformed";
        JavaClasses classes = fixture(root);

        assertThatCode(() -> rule.under(root).check(classes)).doesNotThrowAnyException();
    }
}
