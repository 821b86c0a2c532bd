package io.dataexporter.gateway.estimate;

import io.dataexporter.gateway.export.ExportRequestBody;
import io.dataexporter.gateway.export.ExportRequestParser;
import io.dataexporter.gateway.web.ProblemResponses;
import io.dataexporter.job.ExportRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/export/estimate}: the expected records, approximate bytes and shard plan of a
 * request, from planner statistics, without running or storing anything.
 */
@RestController
@Tag(name = "exports")
class EstimateController {
  private final ExportRequestParser parser;
  private final ExportEstimator estimator;

  EstimateController(ExportRequestParser parser, ExportEstimator estimator) {
    this.parser = parser;
    this.estimator = estimator;
  }

  @PostMapping({"/api/v1/export/estimate", "/api/v1/export/estimate/"})
  @Operation(
      operationId = "estimateExport",
      summary = "Estimate an export",
      description =
          "Records, approximate bytes and the shard plan; nothing is run or stored. A sample"
              + " scales the records (fraction) or caps them (rows); a split adds the records"
              + " per split and type.")
  @ProblemResponses({400, 401, 413, 415, 503})
  EstimateView estimate(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content = @Content(schema = @Schema(implementation = ExportRequestBody.class)))
          @RequestBody
          JsonNode body) {
    ExportRequest request = parser.parse(body);
    Map<String, EstimateView.TypeEstimate> types = new LinkedHashMap<>();
    Map<String, Map<String, Long>> splits = request.split() == null ? null : new TreeMap<>();
    long records = 0;
    long bytes = 0;
    for (Map.Entry<String, ExportEstimator.DataTypeEstimate> e :
        estimator.estimate(request).entrySet()) {
      ExportEstimator.DataTypeEstimate estimate = e.getValue();
      records += estimate.records();
      if (splits != null) {
        estimate
            .splits()
            .forEach(
                (split, rows) ->
                    splits
                        .computeIfAbsent(split, s -> new LinkedHashMap<>())
                        .put(e.getKey(), rows));
      }
      bytes += estimate.bytes();
      types.put(
          e.getKey(),
          new EstimateView.TypeEstimate(
              estimate.records(),
              estimate.bytes(),
              estimate.method(),
              estimate.shards().stream()
                  .map(
                      s ->
                          new EstimateView.ShardEstimate(
                              s.seq(),
                              text(s.rangeStart()),
                              text(s.rangeEnd()),
                              s.estimatedRecords()))
                  .toList()));
    }
    return new EstimateView(
        records,
        bytes,
        request.outputFormat().extension(),
        request.compression().compressed(),
        types,
        splits);
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
