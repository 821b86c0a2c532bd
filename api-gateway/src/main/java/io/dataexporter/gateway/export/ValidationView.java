package io.dataexporter.gateway.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ValidationSummary;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Locale;
import java.util.Map;

/** The validation figures of one data type, with the level the export checks at. */
@Schema(name = "Validation")
public record ValidationView(
    @Schema(allowableValues = {"none", "basic", "strict"}) String level,
    @Schema(description = "records checked") long checked,
    @Schema(description = "records that passed every rule (and were written)") long valid,
    @Schema(description = "records that broke a rule (written to the rejected file)") long rejected,
    @JsonProperty("by_rule") @Schema(description = "per rule name, the records that broke it")
        Map<String, Long> byRule) {

  public static ValidationView of(ExportJob job, ValidationSummary v) {
    return new ValidationView(
        job.config().validationLevel().name().toLowerCase(Locale.ROOT),
        v.checked(),
        v.valid(),
        v.rejected(),
        v.byRule());
  }
}
