package dev.rivulet.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The network between the workers and the brokers: per worker slot one {@link NetProxy} to each
 * broker node (in front of that node's listener for the slot) and one {@link NetConditions} all
 * of them obey. A slot's proxies outlive its worker JVMs (a restarted worker connects through
 * the same ones) and the brokers' restarts (they reconnect per connection).
 */
final class Network implements AutoCloseable {
  private final List<List<NetProxy>> proxies = new ArrayList<>();
  private final List<NetConditions> conditions = new ArrayList<>();

  Network(BrokerCluster cluster, int slots) throws IOException {
    for (int s = 0; s < slots; s++) {
      NetConditions net = new NetConditions();
      List<NetProxy> slot = new ArrayList<>();
      for (int id : cluster.nodeIds()) {
        BrokerProcess.Ports ports = cluster.node(id).ports();
        slot.add(new NetProxy("w" + s + "-b" + id, ports.proxy()[s], ports.worker()[s], net));
      }
      proxies.add(slot);
      conditions.add(net);
    }
  }

  /** What worker slot {@code slot} bootstraps from: its proxies. */
  String bootstrap(int slot) {
    return proxies.get(slot).stream().map(p -> "127.0.0.1:" + p.port())
        .collect(Collectors.joining(","));
  }

  /** The network conditions of a worker slot. */
  NetConditions conditions(int slot) {
    return conditions.get(slot);
  }

  /** Resets every connection of a worker slot; returns how many there were. */
  int reset(int slot) {
    return proxies.get(slot).stream().mapToInt(NetProxy::reset).sum();
  }

  @Override
  public void close() {
    proxies.forEach(slot -> slot.forEach(NetProxy::close));
  }
}
