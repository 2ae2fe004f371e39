package dev.rivulet.spring.autoconfigure;

import dev.rivulet.api.runtime.RivuletBuilder;
import dev.rivulet.spring.RivuletCustomizer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * In a servlet web application without {@code rivulet.advertised-url}, advertises
 * {@code http://<local host name>:<server.port><context path>} (port 8080 when unset), so that the other
 * instances can route queries here. Nothing is advertised for a random port ({@code 0}) or a
 * disabled server ({@code -1}): the port is not known while the runtime is built. Applied before
 * the application's customizers, which may override it.
 */
final class DefaultAdvertisedUrl implements RivuletCustomizer {
  private static final Logger log = LoggerFactory.getLogger(DefaultAdvertisedUrl.class);

  private final RivuletProperties properties;
  private final Environment environment;
  private final Supplier<String> hostName;

  DefaultAdvertisedUrl(RivuletProperties properties, Environment environment) {
    this(properties, environment, DefaultAdvertisedUrl::localHostName);
  }

  DefaultAdvertisedUrl(RivuletProperties properties, Environment environment,
      Supplier<String> hostName) {
    this.properties = properties;
    this.environment = environment;
    this.hostName = hostName;
  }

  @Override
  public void customize(RivuletBuilder builder) {
    String url = url();
    if (url != null) {
      builder.advertisedUrl(url);
    }
  }

  /** The default URL, or null when rivulet.advertised-url is set or no default is known. */
  @Nullable String url() {
    if (StringUtils.hasText(properties.getAdvertisedUrl())) {
      return null;
    }
    int port = environment.getProperty("server.port", Integer.class, 8080);
    if (port <= 0) {
      log.info("No rivulet.advertised-url and server.port={}: this instance advertises no URL, "
          + "so other instances cannot route queries to it; set rivulet.advertised-url", port);
      return null;
    }
    try {
      String contextPath = environment.getProperty("server.servlet.context-path", "");
      return "http://" + hostName.get() + ":" + port
          + (contextPath.equals("/") ? "" : contextPath);
    } catch (RuntimeException e) {
      log.warn("No rivulet.advertised-url and the local host name is unknown ({}): this instance "
          + "advertises no URL; set rivulet.advertised-url", e.getMessage());
      return null;
    }
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
