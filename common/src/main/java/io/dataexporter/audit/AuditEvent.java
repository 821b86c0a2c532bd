package io.dataexporter.audit;

import java.time.Instant;

/** One entry of the audit trail: who did what to which target, when, from where. */
public record AuditEvent(
    long id,
    Instant at,
    String actor,
    String action,
    String target,
    String detail,
    String remoteAddr) {}
