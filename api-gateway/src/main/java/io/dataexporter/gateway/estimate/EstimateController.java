package io.dataexporter.gateway.estimate;

import io.dataexporter.estimate.ExportEstimator;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.ExportRequestParser;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/export/estimate}: the expected records, approximate bytes and shard plan of a
 * request, from planner statistics, without running or storing anything.
 */
@RestController
class EstimateController {
  private final ExportRequestParser parser;
  private final ExportEstimator estimator;

  EstimateController(ExportRequestParser parser, ExportEstimator estimator) {
    this.parser = parser;
    this.estimator = estimator;
  }

  @PostMapping({"/api/v1/export/estimate", "/api/v1/export/estimate/"})
  Map<String, Object> estimate(@RequestBody JsonNode body) {
    ExportRequest request = parser.parse(body);
    Map<String, Object> types = new LinkedHashMap<>();
    long records = 0;
    long bytes = 0;
    for (Map.Entry<String, ExportEstimator.DataTypeEstimate> e :
        estimator.estimate(request).entrySet()) {
      ExportEstimator.DataTypeEstimate estimate = e.getValue();
      records += estimate.records();
      bytes += estimate.bytes();
      Map<String, Object> type = new LinkedHashMap<>();
      type.put("records", estimate.records());
      type.put("bytes", estimate.bytes());
      type.put("method", estimate.method());
      type.put(
          "shards",
          estimate.shards().stream()
              .map(
                  s -> {
                    Map<String, Object> shard = new LinkedHashMap<>();
                    shard.put("seq", s.seq());
                    shard.put("range_start", text(s.rangeStart()));
                    shard.put("range_end", text(s.rangeEnd()));
                    shard.put("estimated_records", s.estimatedRecords());
                    return shard;
                  })
              .toList());
      types.put(e.getKey(), type);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("total_records", records);
    result.put("total_bytes", bytes);
    result.put("output_format", request.outputFormat().extension());
    result.put("compression", request.compression());
    result.put("data_types", types);
    return result;
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
