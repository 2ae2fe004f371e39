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
    ByteBuffer current = MemberData.subscription(sub);
    ByteBuffer next = ByteBuffer.allocate(current.remaining() + 8);
    next.put(current.duplicate()).putLong(42L).flip();
    next.putShort(0, (short) (MemberData.VERSION + 1)); // a later app version appended a field
    assertThat(MemberData.readSubscription(next)).isEqualTo(sub);
  }

  @Test
  void replicaLocationsWarmUpsAndFollowUpsRoundTripAndOlderVersionsHaveNone() {
    MemberData.Assignment a = new MemberData.Assignment(Map.of("http://a:1", Set.of(1, 2)),
        Set.of(3), false, Map.of("http://a:1", Set.of(3), "http://b:2", Set.of(1, 2)), Set.of(3),
        true);
    ByteBuffer v5 = MemberData.assignment(a);
    assertThat(MemberData.readAssignment(v5)).isEqualTo(a);
    // what a member of the previous app version sent: v4, without the follow-up flag
    ByteBuffer v4 = ByteBuffer.allocate(v5.remaining() - 1);
    v4.put(v5.duplicate().limit(v4.capacity())).flip();
    v4.putShort(0, (short) 4);
    assertThat(MemberData.readAssignment(v4)).isEqualTo(new MemberData.Assignment(
        a.partitionsByUrl(), a.standbys(), false, a.replicasByUrl(), Set.of(3), false));
    // v3, without the warm-up flags
    ByteBuffer v3 = ByteBuffer.allocate(v4.remaining() - 4 - 4);
    v3.put(v4.duplicate().limit(v3.capacity())).flip();
    v3.putShort(0, (short) 3);
    assertThat(MemberData.readAssignment(v3)).isEqualTo(new MemberData.Assignment(
        a.partitionsByUrl(), a.standbys(), false, a.replicasByUrl(), Set.of()));
    // v2, without the replica locations
    ByteBuffer v2 = ByteBuffer.allocate(v3.remaining() - 4 - 2 * (4 + 10 + 4) - 3 * 4);
    v2.put(v3.duplicate().limit(v2.capacity())).flip();
    v2.putShort(0, (short) 2);
    assertThat(MemberData.readAssignment(v2)).isEqualTo(new MemberData.Assignment(
        Map.of("http://a:1", Set.of(1, 2)), Set.of(3), false));
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
