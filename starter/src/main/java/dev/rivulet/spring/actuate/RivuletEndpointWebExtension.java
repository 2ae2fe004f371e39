package dev.rivulet.spring.actuate;

import dev.rivulet.spring.actuate.RivuletEndpoint.ProcessorAction;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@link RivuletEndpoint} over HTTP: the same operations, with errors answered as RFC 9457
 * problem details and their status (404 for an unknown processor or store, 400 for a store of
 * another kind or an unknown action) instead of a bare 400.
 */
@EndpointWebExtension(endpoint = RivuletEndpoint.class)
public class RivuletEndpointWebExtension {
  private static final String PATH = "/actuator/rivulet";

  private final RivuletEndpoint endpoint;

  public RivuletEndpointWebExtension(RivuletEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** The runtime of this instance. */
  @ReadOperation
  public WebEndpointResponse<Object> rivulet() {
    return answer(endpoint::rivulet, PATH);
  }

  /** A key's committed value in a value store on this instance; see {@link RivuletEndpoint}. */
  @ReadOperation
  public WebEndpointResponse<Object> query(@Selector String processor, @Selector String store,
      @Selector String key) {
    return answer(() -> endpoint.query(processor, store, key),
        PATH + "/" + processor + "/" + store + "/" + key);
  }

  /**
   * Pauses, resumes or redrives a processor; see {@link RivuletEndpoint}.
   *
   * @param action {@code pause}, {@code resume} or {@code redrive} (any case)
   */
  @WriteOperation
  public WebEndpointResponse<Object> control(@Selector String processor, String action,
      @Nullable String exceptionClass, @Nullable String target) {
    return answer(() -> endpoint.control(processor, action(action), exceptionClass, target),
        PATH + "/" + processor);
  }

  private static ProcessorAction action(String action) {
    try {
      return ProcessorAction.valueOf(action.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw RivuletEndpointProblem.badRequest("Unknown action '" + action + "'; actions: "
          + java.util.Arrays.stream(ProcessorAction.values())
              .map(a -> a.name().toLowerCase(Locale.ROOT)).toList());
    }
  }

  private static WebEndpointResponse<Object> answer(Supplier<?> operation, String instance) {
    try {
      return new WebEndpointResponse<>(operation.get());
    } catch (RivuletEndpointProblem problem) {
      return new WebEndpointResponse<>(problem.body(instance), problem.status());
    }
  }
}
