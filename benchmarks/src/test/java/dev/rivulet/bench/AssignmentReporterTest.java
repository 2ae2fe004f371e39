package dev.rivulet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AssignmentReporterTest {

  @Test
  void lineRoundTripsSortedPartitions() {
    AssignmentReporter.Assignment a =
        new AssignmentReporter.Assignment(List.of(3, 0, 7), List.of(5));
    assertThat(a.line()).isEqualTo("ASSIGNMENT a=0,3,7 s=5");
    AssignmentReporter.Assignment parsed =
        AssignmentReporter.Assignment.parse(a.line().substring("ASSIGNMENT ".length()));
    assertThat(parsed.active()).containsExactly(0, 3, 7);
    assertThat(parsed.standby()).containsExactly(5);
  }

  @Test
  void emptySetsParse() {
    AssignmentReporter.Assignment parsed = AssignmentReporter.Assignment.parse("a= s=");
    assertThat(parsed.active()).isEmpty();
    assertThat(parsed.standby()).isEmpty();
  }
}
