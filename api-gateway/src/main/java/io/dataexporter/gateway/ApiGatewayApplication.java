package io.dataexporter.gateway;

import io.dataexporter.scheduling.SchedulingConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** The REST gateway: validates and records export requests, serves progress and downloads. */
@SpringBootApplication(scanBasePackages = "io.dataexporter.gateway")
@ConfigurationPropertiesScan("io.dataexporter.gateway")
@Import(SchedulingConfiguration.class)
public class ApiGatewayApplication {
  public static void main(String[] args) {
    application().run(args);
  }

  /**
   * The application with its own config file name ({@code api-gateway.yml}), so gateway and worker
   * keep their settings apart even on one classpath (as in the end-to-end tests).
   */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(ApiGatewayApplication.class)
        .properties("spring.config.name=api-gateway");
  }
}
