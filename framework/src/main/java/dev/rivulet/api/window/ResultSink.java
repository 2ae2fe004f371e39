package dev.rivulet.api.window;

/** Receives window results from a {@link WindowLogic}. */
@FunctionalInterface
interface ResultSink<A> {
  void accept(long start, long end, A aggregate, boolean isFinal);
}
