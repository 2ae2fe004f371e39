/**
 * Browser tests of the pages a Rivulet application serves (its operations console, its own
 * pages): {@link dev.rivulet.spring.test.browser.HeadlessChromium} drives the Chromium installed
 * on the machine. Needs {@code org.seleniumhq.selenium:selenium-java} on the test classpath (an
 * optional dependency of this artifact).
 */
@NullMarked
package dev.rivulet.spring.test.browser;

import org.jspecify.annotations.NullMarked;
