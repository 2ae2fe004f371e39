/**
 * What the two samples share: a generator's pace and event-time clock, the skeleton that drives
 * its simulation on its own thread ({@link dev.rivulet.sample.support.SampleGenerator}), its
 * place in the application's lifecycle, and (in {@code META-INF/resources/}) the pages'
 * {@code charts.js} and {@code sample.css}, served at {@code /charts.js} and {@code /sample.css}.
 */
@NullMarked
package dev.rivulet.sample.support;

import org.jspecify.annotations.NullMarked;
