package io.dataexporter.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Turns a bearer token into a principal for Spring Security's resource server: the bootstrap admin
 * token from configuration, or a stored token that is neither expired nor revoked. Anything else is
 * a {@link BadOpaqueTokenException}, i.e. a 401.
 */
public final class TokenIntrospector implements OpaqueTokenIntrospector {
  public static final String BOOTSTRAP_ADMIN = "admin";

  /** What {@link TokenRepository#issue} hands out: {@code exp_} and 32 random bytes, base64url. */
  private static final Pattern ISSUED_SHAPE = Pattern.compile("exp_[A-Za-z0-9_-]{43}");

  private final TokenRepository tokens;
  private final byte[] adminToken;
  private final Clock clock;

  /**
   * @param adminToken the bootstrap admin token (EXPORTER_ADMIN_TOKEN), or empty for none
   */
  public TokenIntrospector(TokenRepository tokens, String adminToken, Clock clock) {
    this.tokens = tokens;
    this.adminToken =
        adminToken == null ? new byte[0] : adminToken.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  @Override
  public OAuth2AuthenticatedPrincipal introspect(String token) {
    if (adminToken.length > 0
        && MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
      return principal(BOOTSTRAP_ADMIN, ApiToken.ADMIN, "bootstrap");
    }
    if (!ISSUED_SHAPE.matcher(token).matches()) {
      // not a token this service issues: refused without a database lookup
      throw new BadOpaqueTokenException("unknown token");
    }
    ApiToken stored =
        tokens.findByToken(token).orElseThrow(() -> new BadOpaqueTokenException("unknown token"));
    if (!stored.usableAt(clock.instant())) {
      throw new BadOpaqueTokenException(
          stored.revokedAt() != null ? "token revoked" : "token expired");
    }
    return principal(stored.name(), stored.role(), stored.id().toString());
  }

  private static OAuth2AuthenticatedPrincipal principal(String name, String role, String tokenId) {
    return new DefaultOAuth2AuthenticatedPrincipal(
        name,
        Map.of("token_id", tokenId, "role", role),
        List.of(new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(Locale.ROOT))));
  }
}
