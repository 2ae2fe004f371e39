package dev.rivulet.sample.fraud.rules;

import dev.rivulet.sample.fraud.model.Rule;
import java.util.List;

/**
 * What a rule found: the processor turns it into a
 * {@link dev.rivulet.sample.fraud.model.FraudAlert}.
 *
 * @param rule the rule
 * @param evidence human-readable explanation
 * @param paymentIds the payments involved, the triggering one last
 */
record Finding(Rule rule, String evidence, List<String> paymentIds) {

  Finding {
    paymentIds = List.copyOf(paymentIds);
  }
}
