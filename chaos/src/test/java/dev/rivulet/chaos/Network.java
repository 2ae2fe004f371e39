package dev.rivulet.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The network between the workers and the broker: one {@link NetProxy} per worker slot, each in
 * front of that slot's own broker listener. A slot's proxy outlives its worker JVMs (a restarted
 * worker connects through the same one) and the broker's restarts (it reconnects per
 * connection).
 */
final class Network implements AutoCloseable {
  private final List<NetProxy> proxies = new ArrayList<>();

  Network(BrokerProcess broker, int slots) throws IOException {
    for (int s = 0; s < slots; s++) {
      proxies.add(new NetProxy("w" + s, broker.proxyPort(s), broker.workerListenerPort(s)));
    }
  }

  /** What worker slot {@code slot} bootstraps from: its proxy. */
  String bootstrap(int slot) {
    return "127.0.0.1:" + proxies.get(slot).port();
  }

  NetProxy proxy(int slot) {
    return proxies.get(slot);
  }

  @Override
  public void close() {
    proxies.forEach(NetProxy::close);
  }
}
