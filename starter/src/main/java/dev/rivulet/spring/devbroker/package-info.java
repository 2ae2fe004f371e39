/**
 * The embedded dev broker: an in-process single-node KRaft broker for local development
 * ({@code rivulet.dev-broker.enabled=true}, needs spring-kafka-test), shared per JVM.
 */
@NullMarked
package dev.rivulet.spring.devbroker;

import org.jspecify.annotations.NullMarked;
