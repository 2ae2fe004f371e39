package dev.rivulet.internal.state;

import dev.rivulet.api.state.MapState;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.jspecify.annotations.Nullable;

/** {@link MapState} of one key: rows {@code [len][key][mapKey]}, contiguous per key. */
public final class MapStateHandle<MK, MV> implements MapState<MK, MV> {
  private final TypedRows<MK> keys;
  private final TypedRows<MV> values;
  private final TtlStore store;
  private final byte[] prefix;

  public MapStateHandle(TtlStore store, Serde<MK> keySerde, Serde<MV> valueSerde, byte[] key) {
    this.keys = new TypedRows<>(store, keySerde);
    this.values = new TypedRows<>(store, valueSerde);
    this.store = store;
    this.prefix = Bytes.lengthPrefixed(key);
  }

  private byte[] row(MK mapKey) {
    return Bytes.concat(prefix, keys.encode(mapKey));
  }

  @Override
  public @Nullable MV get(MK mapKey) {
    return values.get(row(mapKey));
  }

  @Override
  public void put(MK mapKey, MV value) {
    values.put(row(mapKey), value);
  }

  @Override
  public void remove(MK mapKey) {
    values.delete(row(mapKey));
  }

  @Override
  public boolean contains(MK mapKey) {
    return store.get(row(mapKey)) != null;
  }

  @Override
  public Iterable<Map.Entry<MK, MV>> entries() {
    return values.entries(store.prefixScan(prefix),
        row -> keys.decode(Arrays.copyOfRange(row, prefix.length, row.length)));
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
