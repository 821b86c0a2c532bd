package io.dataexporter.gateway.web;

import io.dataexporter.error.ConflictException;
import io.dataexporter.error.FieldError;
import io.dataexporter.error.ForbiddenException;
import io.dataexporter.error.InvalidRequestException;
import io.dataexporter.error.NotFoundException;
import io.dataexporter.error.TooManyRequestsException;
import io.dataexporter.error.TransientException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps the error taxonomy, Spring MVC's own exceptions and anything unexpected to RFC 9457 problem
 * documents; 4xx logged at WARN, 5xx at ERROR.
 */
@RestControllerAdvice
class ProblemDetails extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemDetails.class);

  @ExceptionHandler(InvalidRequestException.class)
  ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
    return problem(HttpStatus.BAD_REQUEST, "Invalid export request", e.getMessage(), e.errors());
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PayloadTooLargeException tooLarge) {
        return widen(tooLarge(tooLarge));
      }
    }
    return widen(
        problem(
            HttpStatus.BAD_REQUEST,
            "Malformed request body",
            "body: must be a JSON object",
            List.of(new FieldError("body", "must be a JSON object"))));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
      HttpMediaTypeNotSupportedException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return widen(
        problem(
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "Unsupported media type",
            "send application/json",
            List.of(new FieldError("Content-Type", "must be application/json"))));
  }

  /** Unknown routes (under {@code /api/} as elsewhere): a 404 problem. */
  @Override
  protected ResponseEntity<Object> handleNoResourceFoundException(
      NoResourceFoundException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return widen(problem(HttpStatus.NOT_FOUND, "Not found", "no such route", List.of()));
  }

  /** Spring MVC's other exceptions (405, 406, a malformed parameter) keep Spring's problem. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    log.warn("{}: {}", status, e.getMessage());
    return super.handleExceptionInternal(e, body, headers, status, request);
  }

  /**
   * Anything unexpected: a 500 whose detail says nothing about the cause (no SQL, no stack trace);
   * the log has both, under the reference the client is given.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    String reference = UUID.randomUUID().toString();
    log.error("Unexpected error, reference {}", reference, e);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "the request failed on our side; report reference " + reference);
    problem.setTitle("Internal error");
    problem.setProperty("reference", reference);
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage(), List.of());
  }

  @ExceptionHandler(ForbiddenException.class)
  ResponseEntity<ProblemDetail> forbidden(ForbiddenException e) {
    return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage(), e.errors());
  }

  @ExceptionHandler(ConflictException.class)
  ResponseEntity<ProblemDetail> conflict(ConflictException e) {
    ResponseEntity<ProblemDetail> response =
        problem(HttpStatus.CONFLICT, "Conflict", e.getMessage(), List.of());
    e.members().forEach(response.getBody()::setProperty);
    return response;
  }

  @ExceptionHandler(TooManyRequestsException.class)
  ResponseEntity<ProblemDetail> tooMany(TooManyRequestsException e) {
    ResponseEntity<ProblemDetail> response =
        problem(HttpStatus.TOO_MANY_REQUESTS, "Too many exports", e.getMessage(), List.of());
    return ResponseEntity.status(response.getStatusCode())
        .headers(response.getHeaders())
        .header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())))
        .body(response.getBody());
  }

  @ExceptionHandler(PayloadTooLargeException.class)
  ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException e) {
    return problem(
        HttpStatus.CONTENT_TOO_LARGE,
        "Request body too large",
        e.getMessage(),
        List.of(new FieldError("body", e.getMessage())));
  }

  @ExceptionHandler(TransientException.class)
  ResponseEntity<ProblemDetail> unavailable(TransientException e) {
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", e.getMessage(), List.of());
  }

  @SuppressWarnings("unchecked")
  private static ResponseEntity<Object> widen(ResponseEntity<?> response) {
    return (ResponseEntity<Object>) response;
  }

  private static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String title, String detail, List<FieldError> errors) {
    if (status.is5xxServerError()) {
      log.error("{}: {}", title, detail);
    } else {
      log.warn("{}: {}", title, detail);
    }
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    if (!errors.isEmpty()) {
      problem.setProperty(
          "errors",
          errors.stream().map(f -> Map.of("field", f.field(), "message", f.message())).toList());
    }
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
