/**
 * The fraud rules and the two processors that run them: {@code card-fraud} (payments and card
 * events of a card, in event-time order) and {@code card-velocity} (a sliding-window count).
 */
@NullMarked
package dev.rivulet.sample.fraud.rules;

import org.jspecify.annotations.NullMarked;
