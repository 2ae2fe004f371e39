/** Rivulet's runtime internals; not an API. */
@NullMarked
package dev.rivulet.internal;

import org.jspecify.annotations.NullMarked;
