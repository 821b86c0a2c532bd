package io.dataexporter.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

/** Module and package boundaries that keep the design readable. */
class PackageDependenciesTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.dataexporter");

  @Test
  void common_knows_neither_the_gateway_nor_the_worker() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "io.dataexporter.gateway..",
            "io.dataexporter.worker..",
            "io.dataexporter.testsupport..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.dataexporter.gateway..", "io.dataexporter.worker..")
        .check(CLASSES);
  }

  @Test
  void gateway_and_worker_do_not_reach_into_each_other() {
    noClasses()
        .that()
        .resideInAPackage("io.dataexporter.gateway..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.dataexporter.worker..")
        .check(CLASSES);
    noClasses()
        .that()
        .resideInAPackage("io.dataexporter.worker..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.dataexporter.gateway..")
        .check(CLASSES);
  }

  @Test
  void formats_know_nothing_of_storage_or_the_database() {
    noClasses()
        .that()
        .resideInAPackage("io.dataexporter.worker.format..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.dataexporter.storage..",
            "io.dataexporter.worker.storage..",
            "org.jdbi..",
            "io.minio..")
        .check(CLASSES);
  }

  /**
   * The gateway's stores (tokens, templates, the estimator's statistics) and its configuration use
   * JDBI; no endpoint touches SQL itself.
   */
  @Test
  void the_gateway_endpoints_never_touch_sql() {
    noClasses()
        .that()
        .resideInAPackage("io.dataexporter.gateway..")
        .and()
        .areAnnotatedWith(RestController.class)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "org.jdbi..")
        .check(CLASSES);
  }

  @Test
  void the_gateways_features_have_no_package_cycles() {
    slices().matching("io.dataexporter.gateway.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void the_workers_features_have_no_package_cycles() {
    slices().matching("io.dataexporter.worker.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void the_shared_packages_have_no_cycles() {
    slices()
        .matching("io.dataexporter.(*)..")
        .should()
        .beFreeOfCycles()
        .check(
            CLASSES.that(
                JavaClass.Predicates.resideOutsideOfPackages(
                    "io.dataexporter.gateway..",
                    "io.dataexporter.worker..",
                    "io.dataexporter.testsupport..")));
  }
}
