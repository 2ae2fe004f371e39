/** Internal: dead-letter redrive. */
@NullMarked
package dev.rivulet.internal.redrive;

import org.jspecify.annotations.NullMarked;
