package dev.rivulet.internal.state;

import dev.rivulet.api.state.ListState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/** {@link ListState} of one key: one row holding {@code [n]([len][element])*}. */
public final class ListStateHandle<T> implements ListState<T> {
  private final TtlStore store;
  private final Serde<T> serde;
  private final String topic;
  private final byte[] key;

  public ListStateHandle(TtlStore store, Serde<T> serde, byte[] key) {
    this.store = store;
    this.serde = serde;
    this.topic = store.raw().changelog().topic();
    this.key = key;
  }

  @Override
  public List<T> get() {
    byte[] raw = store.get(key);
    List<T> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    ByteBuffer buf = ByteBuffer.wrap(raw);
    int n = buf.getInt();
    for (int i = 0; i < n; i++) {
      byte[] element = new byte[buf.getInt()];
      buf.get(element);
      out.add(StoredValues.decode(serde.deserializer(), topic, element));
    }
    return out;
  }

  @Override
  public void add(T element) {
    List<T> all = get();
    all.add(element);
    update(all);
  }

  @Override
  public void update(List<T> elements) {
    if (elements.isEmpty()) {
      clear();
      return;
    }
    List<byte[]> encoded = new ArrayList<>(elements.size());
    int size = 4;
    for (T e : elements) {
      byte[] b = serde.serializer().serialize(topic, e);
      encoded.add(b);
      size += 4 + b.length;
    }
    ByteBuffer buf = ByteBuffer.allocate(size).putInt(encoded.size());
    encoded.forEach(b -> buf.putInt(b.length).put(b));
    store.put(key, buf.array());
  }

  @Override
  public void clear() {
    store.delete(key);
  }
}
