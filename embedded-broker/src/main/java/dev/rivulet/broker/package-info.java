/**
 * An in-process single-node KRaft broker ({@link dev.rivulet.broker.KraftBroker}, artifact
 * {@code rivulet-embedded-broker}) for tests, local development and benchmarks. Not for
 * production.
 */
@NullMarked
package dev.rivulet.broker;

import org.jspecify.annotations.NullMarked;
