/**
 * Fraud detection sample: a Spring Boot application running Rivulet processors over a
 * payments stream, with a seeded traffic generator and a queryable card profile.
 */
@NullMarked
package dev.rivulet.sample.fraud;

import org.jspecify.annotations.NullMarked;
