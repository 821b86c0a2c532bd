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
import org.springframework.security.web.SecurityFilterChain;

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
                    .authenticationEntryPoint(
                        (request, response, e) -> {
                          audit.record(
                              "anonymous",
                              "authentication_failed",
                              request.getRequestURI(),
                              e.getMessage());
                          problem(
                              response,
                              401,
                              "Unauthorized",
                              "send Authorization: Bearer <token> with a valid token");
                          response.setHeader("WWW-Authenticate", "Bearer");
                        })
                    .accessDeniedHandler(
                        (request, response, e) ->
                            problem(response, 403, "Forbidden", "this route needs an admin token")))
        .exceptionHandling(
            x ->
                x.authenticationEntryPoint(
                        (request, response, e) -> {
                          audit.record(
                              "anonymous",
                              "authentication_failed",
                              request.getRequestURI(),
                              "no token");
                          problem(
                              response, 401, "Unauthorized", "send Authorization: Bearer <token>");
                          response.setHeader("WWW-Authenticate", "Bearer");
                        })
                    .accessDeniedHandler(
                        (request, response, e) ->
                            problem(
                                response, 403, "Forbidden", "this route needs an admin token")));
    return http.build();
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
