package dev.rivulet.test;

import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/** An output record read from a {@link ProcessorTestDriver}. */
public record TestRecord<K, V>(String topic, @Nullable K key, @Nullable V value, long timestamp,
    Headers headers) {}
