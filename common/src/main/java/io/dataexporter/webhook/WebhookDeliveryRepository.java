package io.dataexporter.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * SQL for {@code webhook_deliveries} and their {@code webhook_attempts}. Deliveries are created by
 * the V10 trigger on {@code export_jobs}, in the transaction that ends the export.
 */
public final class WebhookDeliveryRepository {
  private static final String CLAIM =
      """
      SELECT id, export_id, schedule_id, event, url, secret, attempts, export_status,
             record_counts::text AS record_counts, files::text AS files, occurred_at, body
        FROM exporter.webhook_deliveries
       WHERE status = 'pending' AND next_attempt_at <= :now
       ORDER BY next_attempt_at
       LIMIT :limit
         FOR UPDATE SKIP LOCKED
      """;
  private static final String START_ATTEMPT =
      """
      UPDATE exporter.webhook_deliveries
         SET attempts = attempts + 1, next_attempt_at = :leaseEnd, body = :body
       WHERE id = :id
      """;
  private static final String INSERT_ATTEMPT =
      """
      INSERT INTO exporter.webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms)
      VALUES (:id, :attempt, :at, :statusCode, :error, :durationMs)
      ON CONFLICT DO NOTHING
      """;
  private static final String FINISH_ATTEMPT =
      """
      UPDATE exporter.webhook_deliveries
         SET status = :status, next_attempt_at = :next, last_error = :error,
             delivered_at = CASE WHEN :status = 'delivered' THEN :at END
       WHERE id = :id AND attempts = :attempt AND status = 'pending'
      """;
  private static final String OF_EXPORT =
      """
      SELECT * FROM exporter.webhook_deliveries WHERE export_id = :exportId
       ORDER BY created_at, id
      """;
  private static final String ATTEMPTS_OF_EXPORT =
      """
      SELECT a.* FROM exporter.webhook_attempts a
        JOIN exporter.webhook_deliveries d ON d.id = a.delivery_id
       WHERE d.export_id = :exportId
       ORDER BY a.delivery_id, a.attempt
      """;

  /** A delivery claimed for one attempt: send {@code body} to {@code url}, then record it. */
  public record Claimed(
      UUID id, String event, String url, String secret, int attempt, String body) {}

  /** How an attempt ended for the delivery. */
  public enum Outcome {
    DELIVERED,
    RETRY,
    FAILED
  }

  private final Jdbi jdbi;
  private final JsonMapper mapper;

  public WebhookDeliveryRepository(Jdbi jdbi, JsonMapper mapper) {
    this.jdbi = jdbi;
    this.mapper = mapper;
  }

  /**
   * Claims up to {@code limit} due deliveries for one attempt each: counts the attempt and moves
   * {@code next_attempt_at} to {@code leaseEnd} (a worker that dies mid-attempt leaves the delivery
   * due again then). Rows another worker is claiming are skipped, so no attempt is sent twice. A
   * delivery's body is written at its first claim and sent unchanged ever after.
   */
  public List<Claimed> claimDue(Instant now, Instant leaseEnd, int limit) {
    return jdbi.inTransaction(
        h -> {
          List<Map<String, Object>> rows =
              h.createQuery(CLAIM)
                  .bind("now", utc(now))
                  .bind("limit", limit)
                  .map((rs, ctx) -> row(rs))
                  .list();
          List<Claimed> claimed = new ArrayList<>();
          for (Map<String, Object> row : rows) {
            String body = (String) row.get("body");
            if (body == null) {
              body = body(row);
            }
            UUID id = (UUID) row.get("id");
            h.createUpdate(START_ATTEMPT)
                .bind("id", id)
                .bind("leaseEnd", utc(leaseEnd))
                .bind("body", body)
                .execute();
            claimed.add(
                new Claimed(
                    id,
                    (String) row.get("event"),
                    (String) row.get("url"),
                    (String) row.get("secret"),
                    (int) row.get("attempts") + 1,
                    body));
          }
          return claimed;
        });
  }

  /**
   * Stores attempt {@code attempt} and moves the delivery on (delivered, due again at {@code next},
   * or failed). Does nothing to the delivery if the attempt is no longer its latest.
   */
  public void recordAttempt(
      UUID id,
      int attempt,
      Instant at,
      Integer statusCode,
      String error,
      long durationMs,
      Outcome outcome,
      Instant next) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(INSERT_ATTEMPT)
              .bind("id", id)
              .bind("attempt", attempt)
              .bind("at", utc(at))
              .bind("statusCode", statusCode)
              .bind("error", error)
              .bind("durationMs", durationMs)
              .execute();
          h.createUpdate(FINISH_ATTEMPT)
              .bind("id", id)
              .bind("attempt", attempt)
              .bind(
                  "status",
                  switch (outcome) {
                    case DELIVERED -> WebhookDelivery.Status.DELIVERED.wire();
                    case RETRY -> WebhookDelivery.Status.PENDING.wire();
                    case FAILED -> WebhookDelivery.Status.FAILED.wire();
                  })
              .bind("next", utc(next))
              .bind("error", outcome == Outcome.DELIVERED ? null : error)
              .bind("at", utc(at))
              .execute();
        });
  }

  /**
   * Removes delivered and failed deliveries created before {@code cutoff} (their attempts go with
   * them); pending ones stay until they finish. Answers how many were removed.
   */
  public int removeFinishedBefore(Instant cutoff) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "DELETE FROM exporter.webhook_deliveries"
                        + " WHERE status <> 'pending' AND created_at < :cutoff")
                .bind("cutoff", utc(cutoff))
                .execute());
  }

  /**
   * The export's deliveries, oldest first, each with its attempts; one snapshot for both reads, so
   * a delivery never shows a status its attempts do not explain yet.
   */
  public List<WebhookDelivery> ofExport(UUID exportId) {
    return jdbi.inTransaction(
        org.jdbi.v3.core.transaction.TransactionIsolationLevel.REPEATABLE_READ,
        h -> {
          Map<UUID, List<WebhookDelivery.Attempt>> attempts = new LinkedHashMap<>();
          h.createQuery(ATTEMPTS_OF_EXPORT)
              .bind("exportId", exportId)
              .map(
                  (rs, ctx) ->
                      Map.entry(
                          rs.getObject("delivery_id", UUID.class),
                          new WebhookDelivery.Attempt(
                              rs.getInt("attempt"),
                              instant(rs, "at"),
                              rs.getObject("status_code", Integer.class),
                              rs.getString("error"),
                              rs.getLong("duration_ms"))))
              .forEach(
                  e ->
                      attempts
                          .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                          .add(e.getValue()));
          return h.createQuery(OF_EXPORT)
              .bind("exportId", exportId)
              .map(
                  (rs, ctx) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    return new WebhookDelivery(
                        id,
                        rs.getObject("export_id", UUID.class),
                        rs.getString("event"),
                        rs.getString("url"),
                        rs.getString("status"),
                        rs.getInt("attempts"),
                        instant(rs, "created_at"),
                        instant(rs, "delivered_at"),
                        rs.getString("last_error"),
                        List.copyOf(attempts.getOrDefault(id, List.of())));
                  })
              .list();
        });
  }

  /**
   * The body announced: {@code event, export_id, schedule_id, status, record_counts, files,
   * occurred_at}, from what the trigger captured when the export's status changed.
   */
  private String body(Map<String, Object> row) {
    ObjectNode body = mapper.createObjectNode();
    body.put("event", (String) row.get("event"));
    body.put("export_id", row.get("export_id").toString());
    Object schedule = row.get("schedule_id");
    body.put("schedule_id", schedule == null ? null : schedule.toString());
    body.put("status", (String) row.get("export_status"));
    body.set("record_counts", mapper.readTree((String) row.get("record_counts")));
    body.set("files", mapper.readTree((String) row.get("files")));
    body.put("occurred_at", ((Instant) row.get("occurred_at")).toString());
    return mapper.writeValueAsString(body);
  }

  private static Map<String, Object> row(ResultSet rs) throws SQLException {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", rs.getObject("id", UUID.class));
    row.put("export_id", rs.getObject("export_id", UUID.class));
    row.put("schedule_id", rs.getObject("schedule_id", UUID.class));
    row.put("event", rs.getString("event"));
    row.put("url", rs.getString("url"));
    row.put("secret", rs.getString("secret"));
    row.put("attempts", rs.getInt("attempts"));
    row.put("export_status", rs.getString("export_status"));
    row.put("record_counts", rs.getString("record_counts"));
    row.put("files", rs.getString("files"));
    row.put("occurred_at", instant(rs, "occurred_at"));
    row.put("body", rs.getString("body"));
    return row;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
