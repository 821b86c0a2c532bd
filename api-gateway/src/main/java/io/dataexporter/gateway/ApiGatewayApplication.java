package io.dataexporter.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The REST gateway: validates and records export requests, serves progress and downloads. */
@SpringBootApplication(scanBasePackages = "io.dataexporter.gateway")
@ConfigurationPropertiesScan("io.dataexporter.gateway")
@EnableScheduling
public class ApiGatewayApplication {
  public static void main(String[] args) {
    SpringApplication.run(ApiGatewayApplication.class, args);
  }
}
