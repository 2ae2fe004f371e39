/**
 * Operations on a running application's topics that are not part of processing: re-publishing
 * dead letters to their input once the cause is fixed ({@link dev.rivulet.api.ops.DeadLetterRedrive}).
 */
@NullMarked
package dev.rivulet.api.ops;

import org.jspecify.annotations.NullMarked;
