package io.dataexporter.gateway.auth;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling: the user a token belongs to, and whether it is an admin.
 *
 * @param name the token's user; exports and templates are owned by this name
 * @param admin admins see and act on everything
 */
public record Caller(String name, boolean admin) {
  public static final String ADMIN_AUTHORITY =
      "ROLE_" + ApiToken.ADMIN.toUpperCase(java.util.Locale.ROOT);

  /** The authenticated caller of the current request. */
  public static Caller current() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !auth.isAuthenticated()) {
      return new Caller("anonymous", false);
    }
    boolean admin =
        auth.getAuthorities().stream().anyMatch(a -> ADMIN_AUTHORITY.equals(a.getAuthority()));
    return new Caller(auth.getName(), admin);
  }

  /** Whether this caller may see something owned by {@code owner}. */
  public boolean owns(String owner) {
    return admin || name.equals(owner);
  }

  /** The owner to filter lists by: null (everything) for admins. */
  public String ownerFilter() {
    return admin ? null : name;
  }
}
