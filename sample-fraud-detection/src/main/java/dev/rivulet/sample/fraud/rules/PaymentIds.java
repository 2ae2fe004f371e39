package dev.rivulet.sample.fraud.rules;

import dev.rivulet.sample.fraud.model.Payment;
import java.util.ArrayList;
import java.util.List;

/**
 * Accumulator of the velocity window: the ids of the payments in it.
 *
 * @param ids payment ids; in a window result they are in event-time order (the window merges its
 *     panes from the oldest)
 */
record PaymentIds(List<String> ids) {

  static final PaymentIds EMPTY = new PaymentIds(List.of());

  PaymentIds {
    ids = List.copyOf(ids);
  }

  PaymentIds add(Payment payment) {
    List<String> more = new ArrayList<>(ids);
    more.add(payment.id());
    return new PaymentIds(more);
  }

  PaymentIds merge(PaymentIds other) {
    List<String> both = new ArrayList<>(ids);
    both.addAll(other.ids);
    return new PaymentIds(both);
  }

  int count() {
    return ids.size();
  }
}
