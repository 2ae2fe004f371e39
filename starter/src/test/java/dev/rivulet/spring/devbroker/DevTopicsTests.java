package dev.rivulet.spring.devbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class DevTopicsTests {

  @Test
  void parsesNamesWithAndWithoutPartitions() {
    assertThat(DevTopics.parse(List.of("payments:3", " alerts ", "", "a.b-c_d:1"), 2))
        .containsExactly(java.util.Map.entry("payments", 3), java.util.Map.entry("alerts", 2),
            java.util.Map.entry("a.b-c_d", 1));
  }

  @Test
  void rejectsMalformedEntries() {
    for (String bad : List.of("payments:x", "payments:0", ":3")) {
      assertThatIllegalArgumentException().isThrownBy(() -> DevTopics.parse(List.of(bad), 1))
          .withMessageContaining("'" + bad + "' is malformed");
    }
  }
}
