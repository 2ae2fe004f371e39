package dev.rivulet.spring.query;

import dev.rivulet.api.runtime.KeyLocation;
import dev.rivulet.api.runtime.Rivulet;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Forwards a query for a key this instance does not own to the instance that does, once: the
 * request goes to the owner's advertised URL with the same path and query, the caller's
 * {@code Authorization} and {@code Cookie} headers and {@value #FORWARDED_HEADER}{@code : 1}; the
 * owner's answer (status, body, content type, {@code Retry-After}) comes back as it is, with
 * {@value #SERVED_BY_HEADER} naming the owner. A request that was already forwarded is never
 * forwarded again. When there is no owner to ask, the answer is a retryable 503 problem saying
 * why: no owner known (a rebalance is in progress), the owner unreachable or too slow, or the
 * partition moved away from the instance a forwarded request reached.
 *
 * <p>Use it from application controllers too, so that a lookup works from any instance:
 * <pre>{@code
 * KeyLocation where = rivulet.locate("card-fraud", cardId);
 * if (!where.local()) {
 *   return forwarder.forward(where, "/cards/" + cardId + "/profile", headers);
 * }
 * }</pre>
 *
 * <p>Thread-safe; one instance per application (a bean of the starter).
 */
public final class QueryForwarder {

  /** Marks a forwarded request; its receiver answers from local state or not at all. */
  public static final String FORWARDED_HEADER = "X-Rivulet-Forwarded";

  /** On a forwarded answer: the advertised URL of the instance that answered. */
  public static final String SERVED_BY_HEADER = "X-Rivulet-Served-By";

  private static final List<String> CALLER_HEADERS =
      List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.COOKIE);
  /** Time beyond the timeout for the owner's own answer to a wait that timed out to arrive. */
  private static final Duration GRACE = Duration.ofSeconds(1);

  private final Rivulet rivulet;
  private final RestClient client;

  /**
   * Creates a forwarder.
   *
   * @param rivulet the runtime (its advertised URL)
   * @param timeout the longest wait for connecting to the owner; the owner's answer may take
   *     one second more (its own bounded wait for a position, then the network)
   */
  public QueryForwarder(Rivulet rivulet, Duration timeout) {
    this.rivulet = rivulet;
    JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build());
    requests.setReadTimeout(timeout.plus(GRACE));
    this.client = RestClient.builder().requestFactory(requests).build();
  }

  /** Whether a request carries {@value #FORWARDED_HEADER}: it came from another instance. */
  public static boolean isForwarded(HttpHeaders headers) {
    return headers.containsHeader(FORWARDED_HEADER);
  }

  /**
   * Forwards a request for a key to its owner, or answers why it cannot (503, retryable).
   *
   * @param where the key's location, not local
   * @param pathAndQuery the request's path and query as sent (encoded), such as
   *     {@code /cards/c%201/profile?x=1}: the owner serves the same path
   * @param incoming the request's headers
   * @return the owner's answer, or a problem
   */
  public ResponseEntity<?> forward(KeyLocation where, String pathAndQuery, HttpHeaders incoming) {
    try {
      return send(where, pathAndQuery, incoming);
    } catch (QueryProblem problem) {
      return problem.toResponse(pathAndQuery);
    }
  }

  /** The owner's answer; a {@link QueryProblem} when there is no owner to ask. */
  ResponseEntity<byte[]> send(KeyLocation where, String pathAndQuery, HttpHeaders incoming) {
    String owner = where.ownerUrl();
    String self = rivulet.advertisedUrl().orElse(null);
    String partition = "Partition " + where.partition() + " of processor '"
        + where.processorId() + "'";
    if (isForwarded(incoming)) {
      throw QueryProblem.unavailable("moved", partition + " is not served by this instance "
              + "(it moved, or a rebalance is in progress); a forwarded query is not forwarded "
              + "again: retry at any instance")
          .with("partition", where.partition()).with("servedBy", self);
    }
    if (owner == null || owner.equals(self)) {
      throw QueryProblem.unavailable("owner-unknown", partition + " has no known owner yet (a "
              + "rebalance is in progress, or its owner advertises no rivulet.advertised-url); "
              + "retry shortly")
          .with("partition", where.partition()).with("servedBy", self);
    }
    try {
      return client.get().uri(URI.create(strip(owner) + pathAndQuery))
          .headers(out -> {
            for (String name : CALLER_HEADERS) {
              List<String> values = incoming.get(name);
              if (values != null) {
                out.addAll(name, values);
              }
            }
            out.set(FORWARDED_HEADER, "1");
            out.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
          })
          .exchange((request, response) -> {
            HttpHeaders headers = new HttpHeaders();
            copy(response.getHeaders(), headers, HttpHeaders.CONTENT_TYPE);
            copy(response.getHeaders(), headers, HttpHeaders.RETRY_AFTER);
            headers.set(SERVED_BY_HEADER, owner);
            return ResponseEntity.status(response.getStatusCode()).headers(headers)
                .body(response.getBody().readAllBytes());
          });
    } catch (RestClientException | UncheckedIOException e) {
      throw QueryProblem.unavailable("owner-unreachable", partition + " is owned by " + owner
              + ", which did not answer (" + rootMessage(e) + "); it may be stopping or "
              + "restarting: retry shortly")
          .with("partition", where.partition()).with("owner", owner).with("servedBy", self);
    }
  }

  private static void copy(HttpHeaders from, HttpHeaders to, String name) {
    List<String> values = from.get(name);
    if (values != null) {
      to.addAll(name, values);
    }
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
