package io.dataexporter.gateway;

import io.dataexporter.config.RefuseInsecureDefaults;
import io.dataexporter.config.RefuseInsecureDefaults.Secret;
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
   * keep their settings apart even on one classpath (as in the end-to-end tests). It refuses to
   * start with a known default secret (see {@link RefuseInsecureDefaults}).
   */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(ApiGatewayApplication.class)
        .properties("spring.config.name=api-gateway")
        .listeners(
            new RefuseInsecureDefaults(
                Secret.of(
                    "exporter.security.admin-token",
                    "EXPORTER_ADMIN_TOKEN",
                    "dev-admin-token-change-me")));
  }
}
