package dev.jobpool;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.jobpool.worker.WorkerMain;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    static final ArchRule theWorkerJvmReachesNoSpring = noClasses()
            .that().resideInAnyPackage("dev.jobpool.worker..", "dev.jobpool.cpupool.protocol..", "dev.jobpool.jobtype",
                    "dev.jobpool.jobtype.builtin")
            .should().transitivelyDependOnClassesThat().resideInAnyPackage("org.springframework..")
            .because("a worker JVM starts without Spring on its classpath; a path to a Spring class (JobJson once "
                    + "parsed durations with Spring Boot's DurationStyle) is a NoClassDefFoundError there");

    /** The packages of the libraries on the worker JVM's classpath ({@code WorkerClassPath.LIBRARIES}), and the JDK. */
    static final List<String> WORKER_CLASSPATH = List.of("java.", "javax.", "jdk.", "dev.jobpool.", "tools.jackson.",
            "com.fasterxml.jackson.annotation.", "jakarta.validation.");

    @ArchTest
    static final ArchRule theWorkerJvmUsesOnlyItsOwnClasspath = classes()
            .that().belongToAnyOf(WorkerMain.class)
            .should(reachOnlyClassesIn(WORKER_CLASSPATH))
            .because("the worker JVM's classpath holds our classes, Jackson and Jakarta Validation's annotations "
                    + "(WorkerClassPath), not the service's other libraries");

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

    /**
     * Follows every dependency from a class through our own classes (what a JVM loads when it runs it) and
     * reports each one that leaves the given packages, with the path that leads there.
     */
    private static ArchCondition<JavaClass> reachOnlyClassesIn(List<String> packages) {
        return new ArchCondition<>("reach only classes in " + packages) {
            @Override
            public void check(JavaClass start, ConditionEvents events) {
                Map<JavaClass, JavaClass> reachedFrom = new HashMap<>();
                Deque<JavaClass> next = new ArrayDeque<>(List.of(start));
                reachedFrom.put(start, start);
                while (!next.isEmpty()) {
                    JavaClass from = next.pop();
                    for (Dependency dependency : from.getDirectDependenciesFromSelf()) {
                        JavaClass to = dependency.getTargetClass().getBaseComponentType();
                        String name = to.getName();
                        if (to.isPrimitive() || reachedFrom.containsKey(to)) {
                            continue;
                        }
                        if (packages.stream().noneMatch(name::startsWith)) {
                            events.add(SimpleConditionEvent.violated(start, pathTo(from, reachedFrom) + " -> " + name
                                    + " (" + dependency.getDescription() + ")"));
                        } else if (name.startsWith("dev.jobpool.")) {
                            reachedFrom.put(to, from);
                            next.push(to);
                        }
                    }
                }
            }
        };
    }

    private static String pathTo(JavaClass target, Map<JavaClass, JavaClass> reachedFrom) {
        Deque<String> path = new ArrayDeque<>();
        for (JavaClass at = target; ; at = reachedFrom.get(at)) {
            path.push(at.getSimpleName());
            if (reachedFrom.get(at) == at) {
                return String.join(" -> ", path);
            }
        }
    }
}
