package dev.rivulet.internal.state;

import dev.rivulet.api.state.MapState;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/** {@link MapState} of one key: rows {@code [len][key][mapKey]}, contiguous per key. */
public final class MapStateHandle<MK, MV> implements MapState<MK, MV> {
  private final TtlStore store;
  private final Serde<MK> keySerde;
  private final Serde<MV> valueSerde;
  private final String topic;
  private final byte[] prefix;

  public MapStateHandle(TtlStore store, Serde<MK> keySerde, Serde<MV> valueSerde, byte[] key) {
    this.store = store;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.topic = store.raw().changelog().topic();
    this.prefix = Bytes.lengthPrefixed(key);
  }

  private byte[] row(MK mapKey) {
    return Bytes.concat(prefix, keySerde.serializer().serialize(topic, mapKey));
  }

  @Override
  public @Nullable MV get(MK mapKey) {
    byte[] raw = store.get(row(mapKey));
    return raw == null ? null : StoredValues.decode(valueSerde.deserializer(), topic, raw);
  }

  @Override
  public void put(MK mapKey, MV value) {
    store.put(row(mapKey), valueSerde.serializer().serialize(topic, value));
  }

  @Override
  public void remove(MK mapKey) {
    store.delete(row(mapKey));
  }

  @Override
  public boolean contains(MK mapKey) {
    return store.get(row(mapKey)) != null;
  }

  @Override
  public Iterable<Map.Entry<MK, MV>> entries() {
    List<Map.Entry<MK, MV>> out = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> e : store.prefixScan(prefix)) {
      byte[] mk = Arrays.copyOfRange(e.getKey(), prefix.length, e.getKey().length);
      out.add(new SimpleImmutableEntry<>(StoredValues.decode(keySerde.deserializer(), topic, mk),
          StoredValues.decode(valueSerde.deserializer(), topic, e.getValue())));
    }
    return out;
  }

  @Override
  public void clear() {
    for (Map.Entry<byte[], byte[]> e : store.raw().prefixScan(prefix)) {
      store.delete(e.getKey());
    }
  }

  @Override
  public boolean isEmpty() {
    return store.prefixScan(prefix).isEmpty();
  }
}
