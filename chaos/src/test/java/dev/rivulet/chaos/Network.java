package dev.rivulet.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Collectors;

/**
 * The network between the workers and the brokers, and between the workers: per worker slot one
 * {@link NetProxy} to each broker node (in front of that node's listener for the slot), one in
 * front of the slot's query server (the address the worker advertises, through which the other
 * workers forward queries to it), and one {@link NetConditions} all of them obey. A slot's
 * proxies outlive its worker JVMs (a restarted worker connects through the same ones and
 * advertises the same address) and the brokers' restarts (they reconnect per connection).
 */
final class Network implements AutoCloseable {
  private final List<List<NetProxy>> proxies = new ArrayList<>();
  private final List<NetProxy> queryProxies = new ArrayList<>();
  private final List<NetConditions> conditions = new ArrayList<>();
  /** Per slot, the port its current worker JVM serves queries on (0: none yet). */
  private final AtomicIntegerArray queryPorts;

  Network(BrokerCluster cluster, int slots) throws IOException {
    queryPorts = new AtomicIntegerArray(slots);
    for (int s = 0; s < slots; s++) {
      NetConditions net = new NetConditions();
      List<NetProxy> slot = new ArrayList<>();
      for (int id : cluster.nodeIds()) {
        BrokerProcess.Ports ports = cluster.node(id).ports();
        slot.add(new NetProxy("w" + s + "-b" + id, ports.proxy()[s], ports.worker()[s], net));
      }
      proxies.add(slot);
      int index = s;
      queryProxies.add(NetProxy.inbound("w" + s + "-http", () -> queryPorts.get(index), net));
      conditions.add(net);
    }
  }

  /**
   * The worker JVM starting in {@code slot} will serve queries on {@code port}; returns the
   * port it advertises instead, its slot's proxy.
   */
  int serveQueries(int slot, int port) {
    queryPorts.set(slot, port);
    return queryProxies.get(slot).port();
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

  /** Resets every connection of a worker slot, to brokers and peers; returns how many. */
  int reset(int slot) {
    return proxies.get(slot).stream().mapToInt(NetProxy::reset).sum()
        + queryProxies.get(slot).reset();
  }

  @Override
  public void close() {
    proxies.forEach(slot -> slot.forEach(NetProxy::close));
    queryProxies.forEach(NetProxy::close);
  }
}
