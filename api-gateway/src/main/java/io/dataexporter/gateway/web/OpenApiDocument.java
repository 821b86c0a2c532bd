package io.dataexporter.gateway.web;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MapSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 document served at {@code /api/v1/openapi.json} (springdoc, from the controllers
 * and the request and response records). Every route in it needs a bearer token; each lists the
 * problem documents it can answer with ({@link ProblemResponses}, plus 500). The document does not
 * depend on the configuration or the request, so the checked-in {@code docs/openapi.json} can be
 * compared with it.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiDocument {
  /** The name of the bearer security scheme. */
  public static final String BEARER = "bearer";

  /**
   * The schema of a stored {@code transformations} (per data type, its steps), named so that the
   * records that echo it as a plain map can point at it.
   */
  public static final String TRANSFORMATIONS = "TransformationsByType";

  private static final String PROBLEM_JSON = "application/problem+json";

  private static final Map<Integer, String> PROBLEMS =
      Map.ofEntries(
          Map.entry(400, "Invalid input: errors names each field at fault"),
          Map.entry(401, "No valid bearer token"),
          Map.entry(403, "The route needs an admin token"),
          Map.entry(404, "No such resource, or someone else's"),
          Map.entry(409, "Conflict with the resource's state, a taken name or a limit"),
          Map.entry(413, "The request body is larger than exporter.gateway.max-body-size"),
          Map.entry(415, "The body is not application/json"),
          Map.entry(429, "Too many exports or streams; Retry-After says when to try again"),
          Map.entry(500, "Unexpected error; reference names the log entry"),
          Map.entry(503, "A service the gateway needs is unavailable; try again"));

  @Bean
  OpenAPI exporterOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Data Exporter API")
                .version("v1")
                .description(
                    "Sharded exports of logs, anomalies and IP records from PostgreSQL to object"
                        + " storage. Every route needs Authorization: Bearer <token>; errors are"
                        + " RFC 9457 problem documents."))
        .servers(List.of(new Server().url("/")))
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description(
                            "An API token (POST /api/v1/admin/tokens) or the admin token")));
  }

  /** Bearer security and the problem responses of each route. */
  @Bean
  OperationCustomizer problemResponses() {
    return (operation, handler) -> {
      ProblemResponses declared = handler.getMethodAnnotation(ProblemResponses.class);
      int[] statuses = declared == null ? new int[0] : declared.value();
      operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
      ApiResponses responses =
          operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
      IntStream.concat(IntStream.of(statuses), IntStream.of(500))
          .sorted()
          .distinct()
          .forEach(status -> responses.addApiResponse(Integer.toString(status), problem(status)));
      operation.setResponses(responses);
      return operation;
    };
  }

  /**
   * The problem schemas, the trailing-slash twins of each route left out (every route answers with
   * and without one; the document names each once), and responses in status order.
   */
  @Bean
  OpenApiCustomizer problemSchemas() {
    return openApi -> {
      ModelConverters.getInstance(true)
          .readAll(Problem.class)
          .forEach((name, schema) -> openApi.getComponents().addSchemas(name, schema));
      openApi
          .getComponents()
          .addSchemas(
              TRANSFORMATIONS,
              new MapSchema()
                  .description("per data type, the steps reshaping its records, in order")
                  .additionalProperties(
                      new ArraySchema()
                          .items(new Schema<>().$ref("#/components/schemas/TransformStep"))));
      openApi.getPaths().keySet().removeIf(path -> path.length() > 1 && path.endsWith("/"));
      openApi
          .getPaths()
          .values()
          .forEach(item -> item.readOperations().forEach(OpenApiDocument::sortResponses));
    };
  }

  private static void sortResponses(Operation operation) {
    ApiResponses sorted = new ApiResponses();
    new TreeMap<>(operation.getResponses()).forEach(sorted::addApiResponse);
    operation.setResponses(sorted);
  }

  private static ApiResponse problem(int status) {
    return new ApiResponse()
        .description(PROBLEMS.getOrDefault(status, "Problem"))
        .content(
            new Content()
                .addMediaType(
                    PROBLEM_JSON,
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
  }
}
