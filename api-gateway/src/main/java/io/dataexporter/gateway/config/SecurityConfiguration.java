package io.dataexporter.gateway.config;

import io.dataexporter.auth.TokenRepository;
import io.dataexporter.gateway.auth.AuditTrail;
import io.dataexporter.gateway.auth.TokenIntrospector;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Every {@code /api/v1/**} route needs {@code Authorization: Bearer <token>}; admin routes, cleanup
 * and global stats need an admin token. Health, metrics and the static UI stay open. Stateless, no
 * sessions, no CSRF (no cookies are used), CORS closed (no cross-origin config).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  @Bean
  TokenIntrospector tokenIntrospector(
      TokenRepository tokens, SecurityProperties properties, Clock clock) {
    return new TokenIntrospector(tokens, properties.adminToken(), clock);
  }

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http, TokenIntrospector introspector, AuditTrail audit) throws Exception {
    AuthenticationEntryPoint unauthorized = unauthorized(audit);
    AccessDeniedHandler forbidden =
        (request, response, e) ->
            problem(response, 403, "Forbidden", "this route needs an admin token");
    http.csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            a ->
                a.requestMatchers("/api/v1/admin/**")
                    .hasRole("ADMIN")
                    .requestMatchers(
                        HttpMethod.POST, "/api/v1/export/cleanup", "/api/v1/export/cleanup/")
                    .hasRole("ADMIN")
                    .requestMatchers(
                        HttpMethod.GET, "/api/v1/export/stats", "/api/v1/export/stats/")
                    .hasRole("ADMIN")
                    .requestMatchers("/api/**")
                    .authenticated()
                    .anyRequest()
                    .permitAll())
        .oauth2ResourceServer(
            o ->
                o.opaqueToken(t -> t.introspector(introspector))
                    .authenticationEntryPoint(unauthorized)
                    .accessDeniedHandler(forbidden))
        .exceptionHandling(
            x -> x.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
    return http.build();
  }

  /** A 401 problem document, and an audit entry for the failed attempt. */
  private static AuthenticationEntryPoint unauthorized(AuditTrail audit) {
    return (request, response, e) -> {
      audit.record("anonymous", "authentication_failed", request.getRequestURI(), e.getMessage());
      response.setHeader("WWW-Authenticate", "Bearer");
      problem(
          response, 401, "Unauthorized", "send Authorization: Bearer <token> with a valid token");
    };
  }

  private static void problem(HttpServletResponse response, int status, String title, String detail)
      throws IOException {
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response
        .getWriter()
        .write(
            "{\"type\":\"about:blank\",\"title\":\""
                + title
                + "\",\"status\":"
                + status
                + ",\"detail\":\""
                + detail
                + "\"}");
  }
}
