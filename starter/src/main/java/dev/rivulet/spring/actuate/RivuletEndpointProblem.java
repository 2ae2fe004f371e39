package dev.rivulet.spring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * A request the {@link RivuletEndpoint} cannot answer, with the HTTP status and the reason. Over
 * HTTP, {@link RivuletEndpointWebExtension} answers it as RFC 9457 problem details
 * ({@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}); over JMX it is
 * an invalid request with the same reason.
 */
public final class RivuletEndpointProblem extends InvalidEndpointRequestException {
  private final int status;
  private final String title;

  RivuletEndpointProblem(int status, String title, String detail) {
    super(detail, detail);
    this.status = status;
    this.title = title;
  }

  static RivuletEndpointProblem notFound(String detail) {
    return new RivuletEndpointProblem(404, "Not Found", detail);
  }

  static RivuletEndpointProblem badRequest(String detail) {
    return new RivuletEndpointProblem(400, "Bad Request", detail);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The problem details body for the request path {@code instance}. */
  public Map<String, Object> body(String instance) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", getReason());
    body.put("instance", instance);
    return body;
  }
}
