package io.dataexporter.gateway.template;

import io.dataexporter.error.ConflictException;
import io.dataexporter.job.ExportConfigCodec;
import io.dataexporter.webhook.WebhookTarget;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.statement.Update;
import tools.jackson.databind.json.JsonMapper;

/** SQL for {@code export_templates}; a duplicate name is a conflict. */
public final class TemplateRepository {
  /** Lock class of the per-owner advisory lock around the template limit. */
  private static final int TEMPLATE_LOCKS = 0x45585054;

  private static final String INSERT =
      """
      INSERT INTO exporter.export_templates (id, name, description, config, created_at, updated_at, owner,
                                             webhook_url, webhook_secret)
      VALUES (:id, :name, :description, CAST(:config AS jsonb), :createdAt, :updatedAt, :owner,
              :webhookUrl, :webhookSecret)
      """;
  private static final String UPDATE =
      """
      UPDATE exporter.export_templates
         SET name = :name, description = :description, config = CAST(:config AS jsonb), updated_at = :updatedAt,
             webhook_url = :webhookUrl, webhook_secret = :webhookSecret
       WHERE id = :id
      """;

  private final Jdbi jdbi;
  private final ExportConfigCodec codec;

  public TemplateRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.codec = new ExportConfigCodec(JsonMapper.builder().build());
  }

  public void insert(ExportTemplate t) {
    write(t, INSERT);
  }

  /**
   * Inserts unless the owner already has {@code max} templates (then a {@link ConflictException});
   * an advisory lock per owner makes the count and the insert one step.
   */
  public void insertWithin(ExportTemplate t, int max) {
    try {
      jdbi.useTransaction(
          h -> {
            h.createQuery(
                    "SELECT 1 FROM pg_advisory_xact_lock(" + TEMPLATE_LOCKS + ", hashtext(:owner))")
                .bind("owner", t.owner())
                .mapTo(Integer.class)
                .one();
            if (count(h, t.owner()) >= max) {
              throw new ConflictException(
                  "you have " + max + " templates, the most allowed; delete one first");
            }
            bind(h.createUpdate(INSERT), t).execute();
          });
    } catch (UnableToExecuteStatementException e) {
      throw conflictOnDuplicate(e, t);
    }
  }

  /** False when there is no such template. */
  public boolean update(ExportTemplate t) {
    return write(t, UPDATE) == 1;
  }

  public Optional<ExportTemplate> find(UUID id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM exporter.export_templates WHERE id = :id")
                .bind("id", id)
                .map(this::map)
                .findOne());
  }

  /** By name; only {@code owner}'s when an owner is given. */
  public List<ExportTemplate> list(String owner) {
    return list(owner, Integer.MAX_VALUE, 0);
  }

  /** A page by name (then id); only {@code owner}'s when an owner is given. */
  public List<ExportTemplate> list(String owner, int limit, int offset) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM exporter.export_templates"
                        + " WHERE (CAST(:owner AS text) IS NULL OR owner = :owner)"
                        + " ORDER BY name, id LIMIT :limit OFFSET :offset")
                .bind("owner", owner)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(this::map)
                .list());
  }

  /** All templates, or only {@code owner}'s. */
  public long count(String owner) {
    return jdbi.withHandle(h -> count(h, owner));
  }

  private static long count(Handle h, String owner) {
    return h.createQuery(
            "SELECT count(*) FROM exporter.export_templates"
                + " WHERE (CAST(:owner AS text) IS NULL OR owner = :owner)")
        .bind("owner", owner)
        .mapTo(Long.class)
        .one();
  }

  public boolean delete(UUID id) {
    return jdbi.withHandle(
            h ->
                h.createUpdate("DELETE FROM exporter.export_templates WHERE id = :id")
                    .bind("id", id)
                    .execute())
        == 1;
  }

  private int write(ExportTemplate t, String sql) {
    try {
      return jdbi.withHandle(h -> bind(h.createUpdate(sql), t).execute());
    } catch (UnableToExecuteStatementException e) {
      throw conflictOnDuplicate(e, t);
    }
  }

  private Update bind(Update update, ExportTemplate t) {
    return update
        .bind("id", t.id())
        .bind("name", t.name())
        .bind("description", t.description())
        .bind("config", codec.toJsonText(t.config()))
        .bind("createdAt", t.createdAt().atOffset(ZoneOffset.UTC))
        .bind("updatedAt", t.updatedAt().atOffset(ZoneOffset.UTC))
        .bind("owner", t.owner())
        .bind("webhookUrl", t.webhook() == null ? null : t.webhook().url())
        .bind("webhookSecret", t.webhook() == null ? null : t.webhook().secret());
  }

  private static RuntimeException conflictOnDuplicate(
      UnableToExecuteStatementException e, ExportTemplate t) {
    if (e.getCause() instanceof SQLException cause && "23505".equals(cause.getSQLState())) {
      return new ConflictException("you already have a template named '" + t.name() + "'");
    }
    return e;
  }

  private ExportTemplate map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new ExportTemplate(
        rs.getObject("id", UUID.class),
        rs.getString("name"),
        rs.getString("description"),
        codec.fromJsonText(rs.getString("config")),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
        rs.getString("owner"),
        rs.getString("webhook_url") == null
            ? null
            : new WebhookTarget(rs.getString("webhook_url"), rs.getString("webhook_secret")));
  }
}
