package io.dataexporter.gateway.dataset;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.filter.ColumnType;
import io.dataexporter.filter.FilterOperator;
import io.dataexporter.filter.FilterParser;
import io.dataexporter.gateway.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/datasets}: what can be exported and filtered; any authenticated caller. */
@RestController
@Tag(name = "datasets")
class DatasetController {
  private final DatasetRegistry datasets;
  private final FilterParser filters;

  DatasetController(DatasetRegistry datasets, FilterParser filters) {
    this.datasets = datasets;
    this.filters = filters;
  }

  @GetMapping({"/api/v1/datasets", "/api/v1/datasets/"})
  @Operation(
      operationId = "listDatasets",
      summary = "Data types, their columns and filter operators",
      description =
          "Each configured data type with its time and id columns and its exported columns, typed"
              + " from the source database's catalog, with the operators a row filter may use on"
              + " each.")
  @ProblemResponses({401, 503})
  DatasetList list() {
    List<DatasetList.DatasetView> items = new ArrayList<>();
    for (String name : datasets.names()) {
      Dataset dataset = datasets.get(name);
      Map<String, String> types = filters.columnTypes().of(dataset);
      List<DatasetList.ColumnView> columns = new ArrayList<>();
      for (String column : dataset.columns()) {
        String typeName = types.get(column);
        if (typeName == null) {
          continue;
        }
        ColumnType type = ColumnType.of(typeName);
        columns.add(
            new DatasetList.ColumnView(
                column,
                type.wire(),
                wires(type.operators()),
                type == ColumnType.JSON ? wires(ColumnType.PATH) : List.of()));
      }
      items.add(
          new DatasetList.DatasetView(name, dataset.timeColumn(), dataset.idColumn(), columns));
    }
    return new DatasetList(items);
  }

  private static List<String> wires(List<FilterOperator> operators) {
    return operators.stream().map(FilterOperator::wire).toList();
  }
}
