package io.dataexporter.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for {@code api_tokens}. Tokens are random, shown once, and stored as SHA-256 hashes. */
public final class TokenRepository {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Jdbi jdbi;

  public TokenRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A new token and its stored form; the token text exists only in this result. */
  public record Issued(String token, ApiToken stored) {}

  public Issued issue(String name, String role, Instant expiresAt, String createdBy, Instant now) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = "exp_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    ApiToken stored = new ApiToken(UUID.randomUUID(), name, role, now, createdBy, expiresAt, null);
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    """
            INSERT INTO exporter.api_tokens (id, name, role, token_hash, created_at, created_by, expires_at)
            VALUES (:id, :name, :role, :hash, :createdAt, :createdBy, :expiresAt)
            """)
                .bind("id", stored.id())
                .bind("name", name)
                .bind("role", role)
                .bind("hash", hash(token))
                .bind("createdAt", now.atOffset(ZoneOffset.UTC))
                .bind("createdBy", createdBy)
                .bind("expiresAt", expiresAt == null ? null : expiresAt.atOffset(ZoneOffset.UTC))
                .execute());
    return new Issued(token, stored);
  }

  public Optional<ApiToken> findByToken(String token) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM exporter.api_tokens WHERE token_hash = :hash")
                .bind("hash", hash(token))
                .map(TokenRepository::map)
                .findOne());
  }

  public List<ApiToken> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM exporter.api_tokens ORDER BY created_at DESC")
                .map(TokenRepository::map)
                .list());
  }

  /** False when there is no such token or it was already revoked. */
  public boolean revoke(UUID id, Instant now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE exporter.api_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                    .bind("id", id)
                    .bind("now", now.atOffset(ZoneOffset.UTC))
                    .execute())
        == 1;
  }

  public static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ApiToken map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new ApiToken(
        rs.getObject("id", UUID.class),
        rs.getString("name"),
        rs.getString("role"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getString("created_by"),
        instant(rs, "expires_at"),
        instant(rs, "revoked_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
