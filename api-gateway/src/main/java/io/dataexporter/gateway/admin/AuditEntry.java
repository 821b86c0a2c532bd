package io.dataexporter.gateway.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexporter.audit.AuditEvent;
import io.swagger.v3.oas.annotations.media.Schema;

/** One entry of the audit trail: who did what to which target, when, from where. */
@Schema(name = "AuditEntry")
public record AuditEntry(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long id,
    @Schema(format = "date-time", requiredMode = Schema.RequiredMode.REQUIRED) String at,
    @Schema(types = {"string", "null"}) String actor,
    @Schema(example = "export_created", requiredMode = Schema.RequiredMode.REQUIRED) String action,
    @Schema(types = {"string", "null"}) String target,
    @Schema(types = {"string", "null"}) String detail,
    @JsonProperty("remote_addr") @Schema(types = {"string", "null"}) String remoteAddr) {

  static AuditEntry of(AuditEvent e) {
    return new AuditEntry(
        e.id(), e.at().toString(), e.actor(), e.action(), e.target(), e.detail(), e.remoteAddr());
  }
}
