package io.dataexporter.gateway.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The RFC 9457 problem document every error answers with ({@code application/problem+json}),
 * described for the OpenAPI document. {@link ProblemDetails} builds them from Spring's {@code
 * ProblemDetail}; this record is their contract.
 */
@Schema(name = "Problem", description = "An RFC 9457 problem document")
public record Problem(
    @Schema(description = "always about:blank", example = "about:blank") String type,
    @Schema(
            description = "short summary of the kind of problem",
            example = "Invalid export request",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String title,
    @Schema(
            description = "the HTTP status",
            example = "400",
            requiredMode = Schema.RequiredMode.REQUIRED)
        int status,
    @Schema(
            description = "what went wrong; for a 400, the field errors joined",
            example = "data_types: is required")
        String detail,
    @Schema(description = "the request path") String instance,
    @Schema(description = "for invalid input: one entry per problem, naming the field")
        List<FieldProblem> errors,
    @Schema(
            description = "for a 500: the reference under which the log has the cause",
            format = "uuid")
        String reference,
    @Schema(
            description =
                "for a 409 of a download asking for a data type that has several files: the"
                    + " route listing them",
            example = "/api/v1/export/download/0b7e4c1e-8f0a-4a51-9d7e-2f2f5d1a6c3b")
        String listing) {

  /** One problem with one field, e.g. {@code transformations.logs[1].field}. */
  @Schema(name = "FieldProblem")
  public record FieldProblem(
      @Schema(
              description = "the field at fault, as a path into the request",
              example = "batch_size",
              requiredMode = Schema.RequiredMode.REQUIRED)
          String field,
      @Schema(
              description = "what is wrong with it",
              example = "must be an integer from 1 to 100000",
              requiredMode = Schema.RequiredMode.REQUIRED)
          String message) {}
}
