package dev.jobpool;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the feature packages' boundaries, and the job-type SPI loadable without Spring. */
@AnalyzeClasses(packages = "dev.jobpool", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule jobTypeSpiAndBuiltInsImportNoSpring = noClasses()
            .that().resideInAnyPackage("dev.jobpool.jobtype", "dev.jobpool.jobtype.builtin")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..")
            .because("plugins and worker JVMs load job types without a Spring context");

    @ArchTest
    static final ArchRule jobTypeSpiDependsOnlyOnTheJdk = noClasses()
            .that().resideInAPackage("dev.jobpool.jobtype")
            .should().dependOnClassesThat().resideOutsideOfPackages("java..", "dev.jobpool.jobtype")
            .because("the SPI is the published API a plugin compiles against");

    @ArchTest
    static final ArchRule jobTypesKnowNothingOfJobsOrPools = noClasses()
            .that().resideInAPackage("dev.jobpool.jobtype..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.jobpool.job..", "dev.jobpool.iopool..",
                    "dev.jobpool.observability..");

    @ArchTest
    static final ArchRule theJobCoreDoesNotKnowThePoolsOrTheWeb = noClasses()
            .that().resideInAPackage("dev.jobpool.job")
            .should().dependOnClassesThat().resideInAnyPackage("dev.jobpool.job.web..", "dev.jobpool.iopool..",
                    "dev.jobpool.observability..")
            .because("pools plug in through JobExecutor; the web layer sits on top");

    @ArchTest
    static final ArchRule poolsDoNotUseTheWebLayer = noClasses()
            .that().resideInAnyPackage("dev.jobpool.iopool..", "dev.jobpool.cpupool..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.jobpool.job.web..", "dev.jobpool.observability..");

    @ArchTest
    static final ArchRule theWorkerJvmRunsWithoutSpringOrTheService = noClasses()
            .that().resideInAnyPackage("dev.jobpool.worker..", "dev.jobpool.cpupool.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "dev.jobpool.job..",
                    "dev.jobpool.iopool..", "dev.jobpool.observability..")
            .because("a worker JVM starts a lean main, with no Spring context, in a fraction of a second");

    @ArchTest
    static final ArchRule theWorkerTalksOnlyThroughTheProtocol = noClasses()
            .that().resideInAPackage("dev.jobpool.worker..")
            .should().dependOnClassesThat().resideInAPackage("dev.jobpool.cpupool")
            .because("the service side of the pool is not loaded in the child");

    @ArchTest
    static final ArchRule noCyclesBetweenFeatures = slices().matching("dev.jobpool.(*)..").should().beFreeOfCycles()
            .because("a feature (job, store, cpupool, worker, plugin, ...) builds on others without being built on by them");

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("dev.jobpool.(**)").should().beFreeOfCycles()
            .because("within a feature too, a package and its sub-packages (job and job.web, jobtype and its registry) "
                    + "depend one way");
}
