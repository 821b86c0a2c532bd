package io.dataexporter.cli;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The client stays a small jar of its own: no server code, no Spring, no package cycles. */
class CliBoundariesTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.dataexporter.cli");

  @Test
  void the_client_uses_neither_the_servers_code_nor_spring() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..", "com.fasterxml..")
        .check(CLASSES);
    noClasses()
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.dataexporter..")
                .and(not(resideInAPackage("io.dataexporter.cli.."))))
        .because("the API is reached over HTTP only")
        .check(CLASSES);
  }

  @Test
  void the_clients_packages_are_free_of_cycles() {
    slices().matching("io.dataexporter.cli.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void feature_packages_do_not_reach_back_into_the_entry_point() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.dataexporter.cli.api..",
            "io.dataexporter.cli.console..",
            "io.dataexporter.cli.export..",
            "io.dataexporter.cli.download..",
            "io.dataexporter.cli.keys..",
            "io.dataexporter.cli.manage..",
            "io.dataexporter.cli.schedule..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.dataexporter.cli.ExporterCli")
        .check(CLASSES);
  }
}
