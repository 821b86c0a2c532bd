package io.dataexporter.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** The append-only audit trail ({@code audit_events}); a trigger refuses updates and deletes. */
public final class AuditLog {
  private final Jdbi jdbi;

  public AuditLog(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void record(
      String actor, String action, String target, String detail, String remoteAddr, Instant at) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    """
            INSERT INTO exporter.audit_events (at, actor, action, target, detail, remote_addr)
            VALUES (:at, :actor, :action, :target, :detail, :remoteAddr)
            """)
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .bind("actor", actor)
                .bind("action", action)
                .bind("target", target)
                .bind("detail", detail)
                .bind("remoteAddr", remoteAddr)
                .execute());
  }

  /** Newest first; actor and action filters are optional (null = any). */
  public List<AuditEvent> find(String actor, String action, int limit, int offset) {
    return jdbi.withHandle(
        h -> {
          Query q =
              h.createQuery(
                      """
              SELECT * FROM exporter.audit_events
               WHERE (CAST(:actor AS text) IS NULL OR actor = :actor)
                 AND (CAST(:action AS text) IS NULL OR action = :action)
               ORDER BY at DESC, id DESC LIMIT :limit OFFSET :offset
              """)
                  .bind("actor", actor)
                  .bind("action", action)
                  .bind("limit", limit)
                  .bind("offset", offset);
          return q.map(AuditLog::map).list();
        });
  }

  public long count(String actor, String action) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    """
            SELECT count(*) FROM exporter.audit_events
             WHERE (CAST(:actor AS text) IS NULL OR actor = :actor)
               AND (CAST(:action AS text) IS NULL OR action = :action)
            """)
                .bind("actor", actor)
                .bind("action", action)
                .mapTo(Long.class)
                .one());
  }

  private static AuditEvent map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new AuditEvent(
        rs.getLong("id"),
        rs.getObject("at", OffsetDateTime.class).toInstant(),
        rs.getString("actor"),
        rs.getString("action"),
        rs.getString("target"),
        rs.getString("detail"),
        rs.getString("remote_addr"));
  }
}
