package dev.rivulet.sample.fraud.generator;

import dev.rivulet.sample.fraud.model.CardActivity;
import org.jspecify.annotations.Nullable;

/**
 * A record the simulation generated.
 *
 * @param activity a payment or a card event
 * @param fraud the injected fraud the record belongs to, or {@code null} for normal traffic
 */
record Generated(CardActivity activity, @Nullable InjectedFraud fraud) {}
