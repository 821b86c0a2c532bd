package io.dataexporter.keys;

import io.dataexporter.error.ConflictException;
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
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for {@code public_keys}; the same fingerprint twice for one owner is a conflict. */
public final class PublicKeyRepository {
  /** Lock class of the per-owner advisory lock around the key limit. */
  private static final int KEY_LOCKS = 0x4558504B;

  private static final String INSERT =
      """
      INSERT INTO exporter.public_keys (id, owner, name, fingerprint, key_id, algorithm, user_ids,
                                        armored, created_at, expires_at)
      VALUES (:id, :owner, :name, :fingerprint, :keyId, :algorithm, CAST(:userIds AS jsonb),
              :armored, :createdAt, :expiresAt)
      """;
  private static final String PAGE =
      """
      SELECT * FROM exporter.public_keys
       WHERE (CAST(:owner AS text) IS NULL OR owner = :owner)
       ORDER BY created_at DESC, id
       LIMIT :limit OFFSET :offset
      """;
  private static final String COUNT =
      """
      SELECT count(*) FROM exporter.public_keys
       WHERE (CAST(:owner AS text) IS NULL OR owner = :owner)
      """;

  private final Jdbi jdbi;
  private final JsonMapper mapper = JsonMapper.builder().build();

  public PublicKeyRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Stores the key unless its owner already has {@code max} keys or this fingerprint (both a {@link
   * ConflictException}); an advisory lock per owner makes the count and the insert one step.
   */
  public void insertWithin(PublicKey key, int max) {
    try {
      jdbi.useTransaction(
          h -> {
            h.createQuery(
                    "SELECT 1 FROM pg_advisory_xact_lock(" + KEY_LOCKS + ", hashtext(:owner))")
                .bind("owner", key.owner())
                .mapTo(Integer.class)
                .one();
            if (count(h, key.owner()) >= max) {
              throw new ConflictException(
                  "you have " + max + " public keys, the most allowed; delete one first");
            }
            h.createUpdate(INSERT)
                .bind("id", key.id())
                .bind("owner", key.owner())
                .bind("name", key.name())
                .bind("fingerprint", key.fingerprint())
                .bind("keyId", key.keyId())
                .bind("algorithm", key.algorithm())
                .bind("userIds", mapper.writeValueAsString(key.userIds()))
                .bind("armored", key.armored())
                .bind("createdAt", key.createdAt().atOffset(ZoneOffset.UTC))
                .bind(
                    "expiresAt",
                    key.expiresAt() == null ? null : key.expiresAt().atOffset(ZoneOffset.UTC))
                .execute();
          });
    } catch (UnableToExecuteStatementException e) {
      if (e.getCause() instanceof SQLException cause && "23505".equals(cause.getSQLState())) {
        throw new ConflictException(
            "you already have the public key with fingerprint " + key.fingerprint());
      }
      throw e;
    }
  }

  public Optional<PublicKey> find(UUID id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM exporter.public_keys WHERE id = :id")
                .bind("id", id)
                .map(this::map)
                .findOne());
  }

  /** A page, newest first; only {@code owner}'s when an owner is given. */
  public List<PublicKey> list(String owner, int limit, int offset) {
    return jdbi.withHandle(
        h ->
            h.createQuery(PAGE)
                .bind("owner", owner)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(this::map)
                .list());
  }

  /** Every key of one owner (a bounded number: see {@link #insertWithin}). */
  public List<PublicKey> ofOwner(String owner) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM exporter.public_keys WHERE owner = :owner ORDER BY id")
                .bind("owner", owner)
                .map(this::map)
                .list());
  }

  /** All keys, or only {@code owner}'s. */
  public long count(String owner) {
    return jdbi.withHandle(h -> count(h, owner));
  }

  private static long count(Handle h, String owner) {
    return h.createQuery(COUNT).bind("owner", owner).mapTo(Long.class).one();
  }

  public boolean delete(UUID id) {
    return jdbi.withHandle(
            h ->
                h.createUpdate("DELETE FROM exporter.public_keys WHERE id = :id")
                    .bind("id", id)
                    .execute())
        == 1;
  }

  private PublicKey map(ResultSet rs, StatementContext ctx) throws SQLException {
    OffsetDateTime expires = rs.getObject("expires_at", OffsetDateTime.class);
    return new PublicKey(
        rs.getObject("id", UUID.class),
        rs.getString("owner"),
        rs.getString("name"),
        rs.getString("fingerprint"),
        rs.getString("key_id"),
        rs.getString("algorithm"),
        mapper.readValue(rs.getString("user_ids"), new TypeReference<List<String>>() {}),
        rs.getString("armored"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        expires == null ? null : expires.toInstant());
  }
}
