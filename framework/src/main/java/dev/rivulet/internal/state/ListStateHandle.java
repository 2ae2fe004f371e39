package dev.rivulet.internal.state;

import dev.rivulet.api.state.ListState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/** {@link ListState} of one key: one row holding {@code [n]([len][element])*}. */
public final class ListStateHandle<T> implements ListState<T> {
  private final TypedRows<T> elements;
  private final byte[] key;

  public ListStateHandle(TtlStore store, Serde<T> serde, byte[] key) {
    this.elements = new TypedRows<>(store, serde);
    this.key = key;
  }

  @Override
  public List<T> get() {
    byte[] raw = elements.store().get(key);
    List<T> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    ByteBuffer buf = ByteBuffer.wrap(raw);
    int n = buf.getInt();
    for (int i = 0; i < n; i++) {
      byte[] element = new byte[buf.getInt()];
      buf.get(element);
      out.add(this.elements.decode(element));
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
  public void update(List<T> all) {
    if (all.isEmpty()) {
      clear();
      return;
    }
    List<byte[]> encoded = new ArrayList<>(all.size());
    int size = 4;
    for (T e : all) {
      byte[] b = elements.encode(e);
      encoded.add(b);
      size += 4 + b.length;
    }
    ByteBuffer buf = ByteBuffer.allocate(size).putInt(encoded.size());
    encoded.forEach(b -> buf.putInt(b.length).put(b));
    elements.store().put(key, buf.array());
  }

  @Override
  public void clear() {
    elements.delete(key);
  }
}
