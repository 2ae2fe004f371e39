/**
 * The embedded dev broker: an in-process single-node KRaft broker for local development
 * ({@code rivulet.dev-broker.enabled=true}, needs {@code rivulet-embedded-broker}), owned by the
 * application context that started it.
 */
@NullMarked
package dev.rivulet.spring.devbroker;

import org.jspecify.annotations.NullMarked;
