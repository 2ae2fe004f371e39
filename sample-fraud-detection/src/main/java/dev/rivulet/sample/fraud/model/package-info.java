/**
 * The records on the topics: payments, card events and fraud alerts (JSON).
 */
@NullMarked
package dev.rivulet.sample.fraud.model;

import org.jspecify.annotations.NullMarked;
