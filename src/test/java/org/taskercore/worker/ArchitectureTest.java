package org.taskercore.worker;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The may-import table of docs/architecture.md, checked on the compiled classes. */
@DisplayName("Package rules (docs/architecture.md)")
class ArchitectureTest {

  private static final String ROOT = "org.taskercore.worker";
  private static final JavaClasses MAIN = new ClassFileImporter()
    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
    .importPackages(ROOT);

  @ParameterizedTest(name = "{0} imports only {1}")
  @DisplayName("each package imports of ours only what the table allows")
  @CsvSource(delimiter = '|', value = {
    "protocol|",
    "tracing|protocol",
    "logging|tracing",
    "config|",
    "tasks|",
    "lifecycle|",
    "access|config logging",
    "templates|protocol tasks",
    "events|config protocol",
    "core|config events protocol tasks templates",
    "database|config events",
    "checks|config core database events lifecycle protocol templates",
    "meters|checks config core events lifecycle protocol templates",
    "service|logging protocol service.config service.health service.metrics service.template",
    "cluster|config protocol service.health service.metrics",
    "bridge|access config logging protocol service",
    "web|access bridge cluster config logging protocol service service.config service.health service.metrics service.template tracing",
    "observability|(root) protocol service service.config service.health service.metrics service.template",
    "cli|(root) cluster config protocol service service.health service.template tasks tracing",
    "samples|core tasks",
  })
  void mayImport(String pkg, String allowed) {
    String[] allowedPackages = Stream.concat(Stream.of(pkg),
        Arrays.stream(allowed == null ? new String[0] : allowed.split(" ")))
      .map(p -> p.equals("(root)") ? ROOT : ROOT + "." + p).toArray(String[]::new);
    classes().that().resideInAPackage(ROOT + "." + pkg)
      .should().onlyDependOnClassesThat(resideOutsideOfPackage(ROOT + "..").or(resideInAnyPackage(allowedPackages)))
      .check(MAIN);
  }

  @Test
  @DisplayName("the service contracts (@ProxyGen interfaces and data objects) import nothing of ours but protocol")
  void contractsAreLeaves() {
    for (String service : new String[] {"config", "health", "metrics", "template"}) {
      String pkg = ROOT + ".service." + service;
      classes().that().resideInAPackage(pkg).and().haveNameNotMatching(".*Impl(\\$.*)?")
        .should().onlyDependOnClassesThat(resideOutsideOfPackage(ROOT + "..")
          .or(resideInAnyPackage(pkg, ROOT + ".protocol")))
        .check(MAIN);
    }
  }

  @Test
  @DisplayName("the readers of the services reach the worker only through them")
  void readersStayOutOfTheWorker() {
    noClasses().that().resideInAnyPackage(ROOT + ".cli", ROOT + ".web", ROOT + ".observability", ROOT + ".bridge")
      .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".core", ROOT + ".checks", ROOT + ".meters",
        ROOT + ".templates", ROOT + ".events", ROOT + ".database")
      .check(MAIN);
  }

  @Test
  @DisplayName("no two packages import each other, however indirectly")
  void noCycles() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  @DisplayName("the assembly takes plain settings: it never reaches back into the builder")
  void assemblyDoesNotUseTheBuilder() {
    noClasses().that().haveFullyQualifiedName(ROOT + ".WorkerAssembly")
      .should().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".WorkerBuilder")
      .check(MAIN);
  }
}
