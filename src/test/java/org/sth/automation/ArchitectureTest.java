package org.sth.automation;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, checked on the production classes: dependencies run one way,
 * {@code cli -> validate -> phase -> engine -> adapter.* -> adapter.spi -> bundle, host, publish, run, transport,
 * config, io}, with no cycle between any two packages and nothing below the Camel application importing {@code phase}.
 */
class ArchitectureTest {

    private static final String ROOT = "org.sth.automation";

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    }

    @Test
    void noCycleBetweenAnyTwoPackages() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheCliImportsThePhaseLayer() {
        noClasses().that(not(resideInAnyPackage(ROOT + ".phase..", ROOT + ".cli..")))
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".phase..")
                .because("the Camel application is the top of the engine: nothing below it may know it")
                .check(classes);
    }

    @Test
    void layersPointOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy(ROOT + ".cli..")
                .layer("validate").definedBy(ROOT + ".validate..")
                .layer("phase").definedBy(ROOT + ".phase..")
                .layer("observe").definedBy(ROOT + ".observe..")
                .layer("engine").definedBy(ROOT + ".engine..")
                .layer("adapters").definedBy(resideInAPackage(ROOT + ".adapter..").and(not(resideInAPackage(ROOT + ".adapter.spi.."))))
                .layer("spi").definedBy(ROOT + ".adapter.spi..")
                .layer("below the SPI").definedBy(ROOT + ".bundle..", ROOT + ".host..", ROOT + ".publish..", ROOT + ".run..",
                        ROOT + ".transport..", ROOT + ".config..", ROOT + ".io..", ROOT + ".demo..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("validate").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("phase").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("observe").mayOnlyBeAccessedByLayers("cli", "phase")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("cli", "validate", "phase")
                .whereLayer("adapters").mayOnlyBeAccessedByLayers("cli", "validate", "phase", "engine")
                .whereLayer("spi").mayOnlyBeAccessedByLayers("cli", "validate", "phase", "engine", "adapters")
                .check(classes);
    }

    @Test
    void theEngineKnowsAdaptersOnlyThroughTheRegistry() {
        noClasses().that().resideInAnyPackage(ROOT + ".engine..", ROOT + ".phase..", ROOT + ".validate..", ROOT + ".observe..")
                .should().dependOnClassesThat(resideInAPackage(ROOT + ".adapter..")
                        .and(not(resideInAPackage(ROOT + ".adapter.spi..")))
                        .and(not(resideInAPackage(ROOT + ".adapter"))))
                .because("a built-in adapter is one package plus one line in adapter.Adapters: nothing else may name it")
                .check(classes);
    }

    @Test
    void adaptersDoNotKnowEachOther() {
        slices().matching(ROOT + ".adapter.(*)..").should().notDependOnEachOther()
                .ignoreDependency(resideInAPackage(ROOT + ".adapter"), resideInAPackage(ROOT + ".adapter.."))
                .ignoreDependency(resideInAPackage(ROOT + ".adapter.."), resideInAPackage(ROOT + ".adapter.spi.."))
                .because("each adapter is one package on the SPI; the registry in adapter is the only place that lists them")
                .check(classes);
    }
}
