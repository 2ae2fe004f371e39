/** Internal: see the data path in the README's ops guide. */
@NullMarked
package dev.rivulet.internal.commit;

import org.jspecify.annotations.NullMarked;
