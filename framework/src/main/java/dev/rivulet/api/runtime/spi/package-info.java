/** Service-provider interface between the API and a runtime implementation. */
@NullMarked
package dev.rivulet.api.runtime.spi;

import org.jspecify.annotations.NullMarked;
