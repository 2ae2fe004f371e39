/**
 * Routed state queries over HTTP: {@code /rivulet/v1/state/{processor}/{store}/...} answers any
 * key from any instance, forwarding once to the instance that owns the key's partition, from
 * committed state only, with the input position the answer reflects (read-your-writes with
 * {@code position=topic:offset}). Off unless {@code rivulet.query.enabled=true}.
 */
@NullMarked
package dev.rivulet.spring.query;

import org.jspecify.annotations.NullMarked;
