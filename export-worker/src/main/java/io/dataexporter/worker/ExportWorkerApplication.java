package io.dataexporter.worker;

import io.dataexporter.config.RefuseInsecureDefaults;
import io.dataexporter.config.RefuseInsecureDefaults.Secret;
import io.dataexporter.scheduling.SchedulingConfiguration;
import io.dataexporter.worker.config.WorkerProperties;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** A worker process: plans shards, executes them, assembles finished exports, cleans up. */
@SpringBootApplication(scanBasePackages = "io.dataexporter.worker")
@ConfigurationPropertiesScan("io.dataexporter.worker")
@Import(SchedulingConfiguration.class)
public class ExportWorkerApplication {
  public static void main(String[] args) {
    application().run(args);
  }

  /**
   * The application with its own config file name ({@code export-worker.yml}), so gateway and
   * worker keep their settings apart even on one classpath (as in the end-to-end tests). It refuses
   * to start with a known default secret (see {@link RefuseInsecureDefaults}).
   */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(ExportWorkerApplication.class)
        .properties("spring.config.name=export-worker")
        .listeners(
            new RefuseInsecureDefaults(
                Secret.withBuiltInDefault(
                    "exporter.worker.hash-secret",
                    "EXPORTER_WORKER_HASH_SECRET",
                    WorkerProperties.DEFAULT_HASH_SECRET)));
  }
}
