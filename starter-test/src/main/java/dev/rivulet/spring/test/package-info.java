/**
 * Test support: {@link dev.rivulet.spring.test.RivuletTestBroker} gives a Spring Boot test a real
 * Kafka broker, embedded by default, or a Testcontainers one.
 */
@NullMarked
package dev.rivulet.spring.test;

import org.jspecify.annotations.NullMarked;
