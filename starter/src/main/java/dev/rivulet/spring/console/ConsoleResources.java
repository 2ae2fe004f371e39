package dev.rivulet.spring.console;

import org.webjars.WebJarVersionLocator;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the console's own scripts and styles ({@code <console>/assets/}) and uPlot from its
 * WebJar ({@code <console>/uplot/}), whatever {@code spring.web.resources.add-mappings} says
 * about the application's static resources.
 */
final class ConsoleResources implements WebMvcConfigurer {
  private final String path;

  ConsoleResources(String path) {
    this.path = path;
  }

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry.addResourceHandler(path + "/assets/**")
        .addResourceLocations("classpath:/" + ConsoleController.STATIC);
    String uplot = new WebJarVersionLocator().version("uplot");
    if (uplot == null) {
      throw new IllegalStateException("The uPlot WebJar (org.webjars.npm:uplot) is not on the "
          + "classpath; the Rivulet starter depends on it");
    }
    registry.addResourceHandler(path + "/uplot/**")
        .addResourceLocations("classpath:/META-INF/resources/webjars/uplot/" + uplot + "/dist/");
  }
}
