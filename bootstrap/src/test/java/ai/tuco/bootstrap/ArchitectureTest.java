package ai.tuco.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hexagon's rules, on every production class of every module. Allow-lists rather than deny-lists, and every
 * rule must match something ({@code failOnEmptyShould}), so a misspelt package cannot pass silently.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the modules' test-jars (test fixtures such as MutableClock) are not production classes either
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("ai.tuco");
    }

    private static void check(ArchRule rule) {
        rule.allowEmptyShould(false).check(classes);
    }

    @Test
    void domain_usesOnlyTheJdkAndItself() {
        check(classes().that().resideInAPackage("ai.tuco.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "ai.tuco.domain.."));
    }

    @Test
    void application_usesOnlyTheJdkTheDomainAndItself() {
        check(classes().that().resideInAPackage("ai.tuco.application..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "ai.tuco.domain..", "ai.tuco.application.."));
    }

    @Test
    void adapters_reachTheApplicationThroughPortsOnly() {
        check(noClasses().that().resideInAPackage("ai.tuco.adapters..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("ai.tuco.application..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("ai.tuco.application..port..")))));
        check(noClasses().that().resideInAnyPackage("ai.tuco.adapters..", "ai.tuco.application..", "ai.tuco.domain..")
                .should().dependOnClassesThat().resideInAPackage("ai.tuco.bootstrap.."));
    }

    @Test
    void adapters_doNotKnowEachOther() {
        String[] adapters = {"http", "persistence", "delivery"};
        for (String a : adapters) {
            for (String b : adapters) {
                if (!a.equals(b)) {
                    check(noClasses().that().resideInAPackage("ai.tuco.adapters." + a + "..")
                            .should().dependOnClassesThat().resideInAPackage("ai.tuco.adapters." + b + ".."));
                }
            }
        }
    }

    @Test
    void inboundAndOutboundPorts_doNotKnowEachOther() {
        check(noClasses().that().resideInAPackage("ai.tuco.application..port.in..")
                .should().dependOnClassesThat().resideInAPackage("ai.tuco.application..port.out.."));
        check(noClasses().that().resideInAPackage("ai.tuco.application..port.out..")
                .should().dependOnClassesThat().resideInAPackage("ai.tuco.application..port.in.."));
    }

    @Test
    void onlyBootstrap_usesGuice() {
        check(noClasses().that().resideOutsideOfPackage("ai.tuco.bootstrap..")
                .should().dependOnClassesThat().resideInAPackage("com.google.inject.."));
    }

    @Test
    void frameworks_stayInTheirAdapters() {
        check(noClasses().that().resideOutsideOfPackages("ai.tuco.adapters.http..", "ai.tuco.bootstrap..")
                .should().dependOnClassesThat().resideInAPackage("io.javalin.."));
        check(noClasses().that().resideOutsideOfPackages("ai.tuco.adapters.persistence..", "ai.tuco.bootstrap..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jdbi..", "org.flywaydb..", "com.zaxxer..", "io.zonky.."));
    }
}
