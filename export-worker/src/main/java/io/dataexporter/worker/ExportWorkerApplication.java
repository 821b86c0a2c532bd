package io.dataexporter.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** A worker process: plans shards, executes them, assembles finished exports, cleans up. */
@SpringBootApplication(scanBasePackages = "io.dataexporter.worker")
@ConfigurationPropertiesScan("io.dataexporter.worker")
@EnableScheduling
public class ExportWorkerApplication {
  public static void main(String[] args) {
    SpringApplication.run(ExportWorkerApplication.class, args);
  }
}
