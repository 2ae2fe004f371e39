package dev.rivulet.spring.query;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * A state query that cannot be answered, answered as RFC 9457 problem details: the status, a
 * detail saying why and what to do, a stable {@code reason} code, and for retryable problems
 * (503) a {@code Retry-After} header and {@code "retryable": true}. Extra properties (partition,
 * servedBy, position) help the caller retry or wait.
 */
final class QueryProblem extends RuntimeException {
  /** Seconds a caller should wait before retrying a 503. */
  static final int RETRY_AFTER_SECONDS = 1;

  private final HttpStatus status;
  private final String reason;
  private final Map<String, @Nullable Object> properties = new LinkedHashMap<>();

  private QueryProblem(HttpStatus status, String reason, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.reason = reason;
  }

  /** 404: unknown processor or store, or no value for the key. */
  static QueryProblem notFound(String reason, String detail) {
    return new QueryProblem(HttpStatus.NOT_FOUND, reason, detail);
  }

  /** 400: a store of another kind, a key or parameter that cannot be read. */
  static QueryProblem badRequest(String reason, String detail) {
    return new QueryProblem(HttpStatus.BAD_REQUEST, reason, detail);
  }

  /** 503: retry shortly (the owner is unknown, unreachable, restoring or moved). */
  static QueryProblem unavailable(String reason, String detail) {
    return new QueryProblem(HttpStatus.SERVICE_UNAVAILABLE, reason, detail);
  }

  /** Adds a problem property (null values are left out). */
  QueryProblem with(String name, @Nullable Object value) {
    if (value != null) {
      properties.put(name, value);
    }
    return this;
  }

  HttpStatus status() {
    return status;
  }

  String reason() {
    return reason;
  }

  /** The answer for the request path {@code instance}. */
  ResponseEntity<ProblemDetail> toResponse(String instance) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
    try {
      problem.setInstance(URI.create(instance));
    } catch (IllegalArgumentException e) {
      // a path that is no URI reference: the problem stays without an instance
    }
    problem.setProperty("reason", reason);
    boolean retryable = status == HttpStatus.SERVICE_UNAVAILABLE;
    problem.setProperty("retryable", retryable);
    properties.forEach(problem::setProperty);
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
    if (retryable) {
      answer.header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
    }
    return answer.body(problem);
  }
}
