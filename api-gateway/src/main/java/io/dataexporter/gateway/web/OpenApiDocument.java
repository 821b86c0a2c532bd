package io.dataexporter.gateway.web;

import io.dataexporter.job.FileSize;
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
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

  /**
   * {@code compression} is a boolean (the original service's) or a codec's name; annotations cannot
   * say "one of a boolean and an enum of strings", so the schemas of the request and of its echo
   * get it here.
   */
  @Bean
  OpenApiCustomizer compressionChoice() {
    return openApi -> {
      for (String name : List.of("ExportRequest", "ExportConfig")) {
        Schema<?> schema = openApi.getComponents().getSchemas().get(name);
        if (schema == null || schema.getProperties() == null) {
          continue;
        }
        Schema<?> property = schema.getProperties().get("compression");
        Schema<Object> choice = new Schema<>();
        choice.setDescription(property == null ? null : property.getDescription());
        choice.setOneOf(
            List.of(
                new Schema<Boolean>().types(Set.of("boolean")),
                new Schema<String>()
                    .types(Set.of("string"))
                    ._enum(List.of("gzip", "zstd", "snappy", "none"))));
        if (name.equals("ExportRequest")) {
          choice.setDefault(false);
        }
        schema.getProperties().put("compression", choice);
      }
    };
  }

  /**
   * The dataset options' shapes that annotations cannot say: {@code max_file_size} is a text size
   * or a number of bytes; a sample's {@code fraction} and a split's ratios are above 0 (exclusive)
   * and at most 1; split names follow a pattern.
   */
  @Bean
  @SuppressWarnings("rawtypes")
  OpenApiCustomizer datasetOptionShapes() {
    return openApi -> {
      Map<String, Schema> schemas = openApi.getComponents().getSchemas();
      for (String name : List.of("ExportRequest", "ExportConfig")) {
        Schema<?> schema = schemas.get(name);
        if (schema == null || schema.getProperties() == null) {
          continue;
        }
        Schema<?> property = schema.getProperties().get("max_file_size");
        Schema<Object> choice = new Schema<>();
        choice.setDescription(property == null ? null : property.getDescription());
        choice.setOneOf(
            List.of(
                new Schema<String>()
                    .types(Set.of("string"))
                    .pattern(MAX_FILE_SIZE_TEXT)
                    .example("256MB"),
                new Schema<Long>()
                    .types(Set.of("integer"))
                    .minimum(BigDecimal.valueOf(FileSize.MIN))
                    .maximum(BigDecimal.valueOf(FileSize.MAX)),
                new Schema<>().types(Set.of("null"))));
        schema.getProperties().put("max_file_size", choice);
      }
      Schema<?> sample = schemas.get("SampleRequest");
      if (sample != null && sample.getProperties() != null) {
        Schema<?> fraction = sample.getProperties().get("fraction");
        fraction.setExclusiveMinimumValue(BigDecimal.ZERO);
        fraction.setMaximum(BigDecimal.ONE);
      }
      Schema<?> split = schemas.get("SplitRequest");
      if (split != null && split.getProperties() != null) {
        Schema<?> ratios = split.getProperties().get("ratios");
        ratios.setPropertyNames(new Schema<String>().types(Set.of("string")).pattern(SPLIT_NAME));
        ratios.setAdditionalProperties(
            new Schema<Double>()
                .types(Set.of("number"))
                .exclusiveMinimumValue(BigDecimal.ZERO)
                .maximum(BigDecimal.ONE));
      }
    };
  }

  /** A size as text: a number, optional spaces, and a unit (none: bytes), any case. */
  private static final String MAX_FILE_SIZE_TEXT =
      "^\\s*\\d{1,15}(\\.\\d{1,6})?\\s*([bB]|[kKmMgGtT]([bB]|[iI][bB])?)?\\s*$";

  private static final String SPLIT_NAME = "^[A-Za-z_][A-Za-z0-9_]{0,31}$";

  /**
   * Response fields are always written (null when they have no value), so every property of a
   * schema that only responses use is required; those written only when they have a value are the
   * exceptions in {@link #OMITTED_WHEN_NULL}. Schemas that request bodies use too keep what their
   * annotations say.
   */
  @Bean
  OpenApiCustomizer responseFieldsAreRequired() {
    return openApi -> {
      Map<String, Schema> schemas = openApi.getComponents().getSchemas();
      Set<String> inResponses = new TreeSet<>();
      Set<String> inRequests = new TreeSet<>();
      openApi
          .getPaths()
          .values()
          .forEach(
              item ->
                  item.readOperations()
                      .forEach(
                          operation -> {
                            if (operation.getRequestBody() != null
                                && operation.getRequestBody().getContent() != null) {
                              operation
                                  .getRequestBody()
                                  .getContent()
                                  .values()
                                  .forEach(m -> reach(m.getSchema(), schemas, inRequests));
                            }
                            operation
                                .getResponses()
                                .forEach(
                                    (status, response) -> {
                                      if (status.startsWith("2") && response.getContent() != null) {
                                        response
                                            .getContent()
                                            .values()
                                            .forEach(
                                                m -> reach(m.getSchema(), schemas, inResponses));
                                      }
                                    });
                          }));
      inResponses.removeAll(inRequests);
      for (String name : inResponses) {
        Schema<?> schema = schemas.get(name);
        if (schema == null || schema.getProperties() == null) {
          continue;
        }
        List<String> required =
            schema.getProperties().keySet().stream()
                .filter(property -> !OMITTED_WHEN_NULL.contains(name + "." + property))
                .sorted()
                .toList();
        schema.setRequired(required.isEmpty() ? null : required);
      }
    };
  }

  /**
   * A property that refers to another schema and may be null ({@code @Schema(types = {"object",
   * "null"})} on a record) becomes {@code anyOf: [{$ref}, {type: null}]}: a {@code $ref} beside a
   * {@code type} is read as the reference alone, so clients would take the value as never null.
   */
  @Bean
  @SuppressWarnings({"rawtypes", "unchecked"})
  OpenApiCustomizer nullableReferences() {
    return openApi -> {
      for (Schema<?> schema : openApi.getComponents().getSchemas().values()) {
        if (schema.getProperties() == null) {
          continue;
        }
        for (Map.Entry<String, Schema> property : schema.getProperties().entrySet()) {
          Schema<?> value = property.getValue();
          if (value.get$ref() != null
              && value.getTypes() != null
              && value.getTypes().contains("null")) {
            Schema<?> nullable =
                new Schema<>()
                    .anyOf(
                        List.of(
                            new Schema<>().$ref(value.get$ref()),
                            new Schema<>().types(Set.of("null"))))
                    .description(value.getDescription());
            property.setValue(nullable);
          }
        }
      }
    };
  }

  /** Response properties left out when they have no value ({@code @JsonInclude(NON_NULL)}). */
  private static final Set<String> OMITTED_WHEN_NULL =
      Set.of("CreatedExport.template_id", "BulkResult.detail", "BulkResult.freed_bytes");

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static void reach(Schema<?> schema, Map<String, Schema> schemas, Set<String> seen) {
    if (schema == null) {
      return;
    }
    if (schema.get$ref() != null) {
      String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
      if (seen.add(name)) {
        reach(schemas.get(name), schemas, seen);
      }
      return;
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(p -> reach((Schema<?>) p, schemas, seen));
    }
    reach(schema.getItems(), schemas, seen);
    if (schema.getAdditionalProperties() instanceof Schema<?> values) {
      reach(values, schemas, seen);
    }
    for (List<Schema> parts :
        new List[] {schema.getAllOf(), schema.getOneOf(), schema.getAnyOf()}) {
      if (parts != null) {
        parts.forEach(p -> reach(p, schemas, seen));
      }
    }
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
