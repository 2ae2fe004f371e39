package dev.rivulet.spring.console;

import dev.rivulet.spring.query.RivuletQueryAutoConfiguration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointId;

/**
 * Works out the page's {@link ConsoleSettings} from Actuator's configuration: where the
 * {@code rivulet} endpoint is (base path and path mapping) and whether its write operations are
 * allowed, and where the routed state query API is when it is on. Evaluated per request, so it
 * follows the same rules as Actuator does at startup.
 */
final class ConsoleSettingsFactory {
  private static final EndpointId RIVULET = EndpointId.of("rivulet");

  private final @Nullable WebEndpointProperties web;
  private final @Nullable EndpointAccessResolver access;
  private final RivuletConsoleProperties console;
  private final boolean stateQuery;

  /**
   * @param stateQuery whether the routed state query API is served
   *     ({@code rivulet.query.enabled})
   */
  ConsoleSettingsFactory(@Nullable WebEndpointProperties web,
      @Nullable EndpointAccessResolver access, RivuletConsoleProperties console,
      boolean stateQuery) {
    this.web = web;
    this.access = access;
    this.console = console;
    this.stateQuery = stateQuery;
  }

  ConsoleSettings settings(String contextPath) {
    String basePath = web == null ? "/actuator" : web.getBasePath();
    String mapped = web == null ? null : web.getPathMapping().get(RIVULET.toString());
    String endpoint = contextPath + basePath + "/" + (mapped != null ? mapped : "rivulet");
    String query = stateQuery ? (contextPath + RivuletQueryAutoConfiguration.STATE_PATH)
        .replaceAll("/+", "/") : null;
    return new ConsoleSettings(endpoint.replaceAll("/+", "/"), query, writable(),
        console.getSampleInterval().toMillis(), console.getHistory().toMillis());
  }

  boolean writable() {
    // the endpoint is read-only unless management.endpoint.rivulet.access allows writes
    return access != null
        && access.accessFor(RIVULET, Access.READ_ONLY) == Access.UNRESTRICTED;
  }
}
