package io.dataexporter.gateway.auth;

import java.time.Instant;
import java.util.UUID;

/**
 * An API token as stored: never the token itself, only its hash.
 *
 * @param name the user it belongs to; exports and templates are owned by this name
 * @param role {@code user} or {@code admin}
 */
public record ApiToken(
    UUID id,
    String name,
    String role,
    Instant createdAt,
    String createdBy,
    Instant expiresAt,
    Instant revokedAt) {

  public static final String USER = "user";
  public static final String ADMIN = "admin";

  public boolean usableAt(Instant now) {
    return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
  }
}
