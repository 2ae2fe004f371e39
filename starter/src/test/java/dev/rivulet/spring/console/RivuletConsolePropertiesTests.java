package dev.rivulet.spring.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Errors;

class RivuletConsolePropertiesTests {

  private static Errors validate(RivuletConsoleProperties p) {
    Errors errors = new BeanPropertyBindingResult(p, "rivulet.console");
    p.validate(p, errors);
    return errors;
  }

  @Test
  void defaultsAreValidAndKeepFiveMinutesOfOneSecondSamples() {
    RivuletConsoleProperties p = new RivuletConsoleProperties();
    assertThat(validate(p).hasErrors()).isFalse();
    assertThat(p.isEnabled()).isFalse();
    assertThat(p.capacity()).isEqualTo(300);
  }

  @Test
  void pathMustBeAbsoluteAndNotTheRoot() {
    for (String bad : new String[] {"/", "console", "/a b", "/trailing/"}) {
      RivuletConsoleProperties p = new RivuletConsoleProperties();
      p.setPath(bad);
      assertThat(validate(p).getFieldError("path")).as(bad).isNotNull();
    }
    RivuletConsoleProperties p = new RivuletConsoleProperties();
    p.setPath("/ops/rivulet");
    assertThat(validate(p).hasErrors()).isFalse();
  }

  @Test
  void sampleIntervalAndHistoryBoundTheMemory() {
    RivuletConsoleProperties fast = new RivuletConsoleProperties();
    fast.setSampleInterval(Duration.ofMillis(10));
    assertThat(validate(fast).getFieldError("sampleInterval")).isNotNull();

    RivuletConsoleProperties shortHistory = new RivuletConsoleProperties();
    shortHistory.setHistory(Duration.ofMillis(500));
    assertThat(validate(shortHistory).getFieldError("history")).isNotNull();

    RivuletConsoleProperties longHistory = new RivuletConsoleProperties();
    longHistory.setHistory(Duration.ofHours(2));
    assertThat(validate(longHistory).getFieldError("history").getDefaultMessage())
        .contains("3600");
  }
}
