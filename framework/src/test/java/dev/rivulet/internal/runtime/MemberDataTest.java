package dev.rivulet.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemberDataTest {

  @Test
  void anAdvertisedUrlRoundTrips() {
    assertThat(MemberData.advertisedUrl(MemberData.subscription("http://a:8080")))
        .isEqualTo("http://a:8080");
    assertThat(MemberData.advertisedUrl(MemberData.subscription(null))).isNull();
  }

  @Test
  void aMemberWithoutDataAdvertisesNothing() {
    assertThat(MemberData.advertisedUrl(null)).isNull();
    assertThat(MemberData.advertisedUrl(ByteBuffer.allocate(0))).isNull();
    assertThat(MemberData.partitionsByUrl(null)).isEmpty();
  }

  @Test
  void theOwnershipMapRoundTripsAndReadingLeavesTheBufferAsItWas() {
    Map<String, Set<Integer>> byUrl = Map.of("http://a:1", Set.of(0, 3), "http://b:2", Set.of(1));
    ByteBuffer encoded = MemberData.assignment(byUrl);
    assertThat(MemberData.partitionsByUrl(encoded)).isEqualTo(byUrl);
    assertThat(MemberData.partitionsByUrl(encoded)).isEqualTo(byUrl); // read twice: a duplicate
  }

  @Test
  void aNewerVersionWithMoreFieldsIsReadForWhatThisVersionKnows() {
    ByteBuffer v1 = MemberData.subscription("http://a:8080");
    ByteBuffer v2 = ByteBuffer.allocate(v1.remaining() + 8);
    v2.put(v1.duplicate()).putLong(42L).flip();
    v2.putShort(0, (short) 2); // a later app version appended a field
    assertThat(MemberData.advertisedUrl(v2)).isEqualTo("http://a:8080");
  }
}
