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
    assertThat(MemberData.advertisedUrl(MemberData.subscription((String) null))).isNull();
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
  void instanceAndLocalStateRoundTrip() {
    MemberData.Subscription sub = new MemberData.Subscription("http://a:1", "inst-1",
        Map.of(0, 120L, 5, 7L));
    assertThat(MemberData.readSubscription(MemberData.subscription(sub))).isEqualTo(sub);
    MemberData.Assignment a = new MemberData.Assignment(Map.of("http://a:1", Set.of(1, 2)),
        Set.of(3, 4), true);
    assertThat(MemberData.readAssignment(MemberData.assignment(a))).isEqualTo(a);
  }

  @Test
  void aNewerVersionWithMoreFieldsIsReadForWhatThisVersionKnows() {
    MemberData.Subscription sub = new MemberData.Subscription("http://a:8080", "i", Map.of(1, 2L));
    ByteBuffer v2 = MemberData.subscription(sub);
    ByteBuffer v3 = ByteBuffer.allocate(v2.remaining() + 8);
    v3.put(v2.duplicate()).putLong(42L).flip();
    v3.putShort(0, (short) 3); // a later app version appended a field
    assertThat(MemberData.readSubscription(v3)).isEqualTo(sub);
  }

  @Test
  void aVersionOneMemberAdvertisesItsUrlOnly() {
    byte[] url = "http://old:1".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ByteBuffer v1 = ByteBuffer.allocate(6 + url.length).putShort((short) 1).putInt(url.length)
        .put(url).flip();
    assertThat(MemberData.readSubscription(v1))
        .isEqualTo(new MemberData.Subscription("http://old:1", null, Map.of()));
  }
}
