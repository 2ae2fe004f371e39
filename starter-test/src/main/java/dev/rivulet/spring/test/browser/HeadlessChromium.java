package dev.rivulet.spring.test.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven through the chromedriver installed next to it (Debian's
 * {@code chromium} and {@code chromium-driver}; {@code .ci/run} installs them). Where neither is
 * installed the calling test is skipped with a message saying so, unless the environment
 * variable {@value #REQUIRE} is {@code true} (CI sets it): then it fails. Selenium Manager is
 * never asked to download a browser. Screenshots go to {@code target/browser-screenshots/}.
 *
 * <p>One browser per test class, used from the test's thread; {@link #close()} it when done.
 */
@SuppressWarnings("unchecked") // CDP answers are JSON maps
public final class HeadlessChromium implements AutoCloseable {
  /** The environment variable that turns a missing browser from a skip into a failure. */
  public static final String REQUIRE = "RIVULET_REQUIRE_BROWSER";
  private static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

  private final ChromeDriver driver;

  private HeadlessChromium(ChromeDriver driver) {
    this.driver = driver;
  }

  /**
   * Starts the browser, or skips the calling test where there is none (fails it, under
   * {@value #REQUIRE}{@code =true}). The browser is looked up as system property
   * {@code rivulet.browser}, then {@code chromium}, {@code chromium-browser} or
   * {@code google-chrome} on the {@code PATH}; the driver as {@code webdriver.chrome.driver},
   * then {@code chromedriver} on the {@code PATH}.
   */
  public static HeadlessChromium start() {
    Optional<Path> browser = executable(System.getProperty("rivulet.browser"),
        "chromium", "chromium-browser", "google-chrome");
    Optional<Path> chromedriver = executable(System.getProperty("webdriver.chrome.driver"),
        "chromedriver");
    if (browser.isEmpty() || chromedriver.isEmpty()) {
      String why = "No headless browser to drive here (chromium: "
          + browser.map(Path::toString).orElse("not found") + ", chromedriver: "
          + chromedriver.map(Path::toString).orElse("not found") + " on the PATH): install "
          + "Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; "
          + ".ci/run does) to run the browser tests";
      if (Boolean.parseBoolean(System.getenv(REQUIRE))) {
        Assertions.fail(why + " (" + REQUIRE + "=true)");
      }
      Assumptions.abort(why);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.get().toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
        "--disable-gpu", "--hide-scrollbars", "--window-size=1400,1500");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.get().toFile()).usingAnyFreePort().build();
    return new HeadlessChromium(new ChromeDriver(service, options));
  }

  /** The driver of this browser (1400 x 1500 window). */
  public ChromeDriver driver() {
    return driver;
  }

  /** Saves the whole page (beyond the window) as {@code target/browser-screenshots/<name>.png}. */
  public Path screenshot(String name) {
    Map<String, Object> size = (Map<String, Object>) driver
        .executeCdpCommand("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
    Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
        "format", "png", "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0,
            "width", size.get("width"), "height", size.get("height"), "scale", 1)));
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Quits the browser and its driver. */
  @Override
  public void close() {
    driver.quit();
  }

  private static Optional<Path> executable(@Nullable String configured, String... names) {
    List<Path> candidates = new ArrayList<>();
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      for (String name : names) {
        candidates.add(Path.of(dir, name));
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }
}
