package io.dataexporter.gateway.config;

import io.dataexporter.audit.AuditLog;
import io.dataexporter.gateway.auth.AuditTrail;
import io.dataexporter.gateway.auth.AuthenticationFailures;
import io.dataexporter.gateway.auth.TokenIntrospector;
import io.dataexporter.gateway.auth.TokenRepository;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Every {@code /api/v1/**} route needs {@code Authorization: Bearer <token>}; admin routes, cleanup
 * and global stats need an admin token. Health, metrics, the static UI and the OpenAPI document
 * ({@code /api/v1/openapi.json}, also as {@code .yaml}) stay open. Stateless, no sessions, no CSRF
 * (no cookies are used), CORS closed (no cross-origin config).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  @Bean
  TokenRepository tokenRepository(Jdbi jdbi) {
    return new TokenRepository(jdbi);
  }

  @Bean
  TokenIntrospector tokenIntrospector(
      TokenRepository tokens, SecurityProperties properties, Clock clock) {
    return new TokenIntrospector(tokens, properties.adminToken(), clock);
  }

  @Bean(destroyMethod = "flushAll")
  AuthenticationFailures authenticationFailures(
      AuditLog audit, GatewayProperties properties, Clock clock, MeterRegistry registry) {
    return new AuthenticationFailures(audit, properties.authFailureWindow(), clock, registry);
  }

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http,
      TokenIntrospector introspector,
      AuthenticationFailures failures,
      AuditTrail audit)
      throws Exception {
    AuthenticationEntryPoint unauthorized = unauthorized(failures);
    AccessDeniedHandler forbidden =
        (request, response, e) -> {
          audit.record("access_denied", bounded(request.getRequestURI()), request.getMethod());
          problem(response, 403, "Forbidden", "this route needs an admin token");
        };
    // no method in these matchers: HEAD (and anything else) needs what GET needs
    http.csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            a ->
                a.requestMatchers("/api/v1/openapi.json", "/api/v1/openapi.json.yaml")
                    .permitAll()
                    .requestMatchers("/api/v1/admin/**")
                    .hasRole("ADMIN")
                    .requestMatchers(
                        "/api/v1/export/cleanup",
                        "/api/v1/export/cleanup/",
                        "/api/v1/export/stats",
                        "/api/v1/export/stats/")
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

  /**
   * A 401 problem document. The failure is counted and tallied in memory only: no database work on
   * this path, whatever the flood.
   */
  private static AuthenticationEntryPoint unauthorized(AuthenticationFailures failures) {
    return (request, response, e) -> {
      failures.record(
          request.getRemoteAddr(),
          request.getRequestURI(),
          request.getHeader(HttpHeaders.AUTHORIZATION) != null);
      response.setHeader("WWW-Authenticate", "Bearer");
      problem(
          response, 401, "Unauthorized", "send Authorization: Bearer <token> with a valid token");
    };
  }

  private static String bounded(String path) {
    return path.length() <= 200 ? path : path.substring(0, 200);
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
