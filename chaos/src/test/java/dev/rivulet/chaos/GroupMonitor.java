package dev.rivulet.chaos;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;

/**
 * Counts rebalances from outside: polls the group's description every 250 ms and counts each
 * change of its assignment (members and their partitions) to a new stable one. Independent of
 * what the workers say about themselves; tolerates the broker being down.
 */
final class GroupMonitor implements AutoCloseable {
  private final BrokerProcess broker;
  private final String group;
  private final AtomicInteger changes = new AtomicInteger();
  private final Thread thread;
  private volatile boolean running = true;
  private String last = "";

  GroupMonitor(BrokerProcess broker, String group) {
    this.broker = broker;
    this.group = group;
    this.thread = new Thread(this::loop, "group-monitor");
    thread.setDaemon(true);
    thread.start();
  }

  int rebalances() {
    return changes.get();
  }

  private void loop() {
    Admin admin = null;
    while (running) {
      try {
        if (admin == null) {
          admin = broker.admin();
        }
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all()
            .get(5, TimeUnit.SECONDS).get(group);
        if (d.groupState() == GroupState.STABLE) {
          String signature = signature(d);
          if (!signature.equals(last)) {
            if (!last.isEmpty()) {
              changes.incrementAndGet();
            }
            last = signature;
          }
        }
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        // broker down or restarting: try again with a new client
        if (admin != null) {
          admin.close();
          admin = null;
        }
        sleepQuietly();
      }
    }
    if (admin != null) {
      admin.close();
    }
  }

  private static String signature(ConsumerGroupDescription d) {
    Map<String, TreeSet<String>> byMember = new TreeMap<>();
    for (MemberDescription m : d.members()) {
      TreeSet<String> tps = new TreeSet<>();
      m.assignment().topicPartitions().forEach(tp -> tps.add(tp.toString()));
      byMember.put(m.consumerId(), tps);
    }
    return byMember.toString();
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(10_000);
  }
}
