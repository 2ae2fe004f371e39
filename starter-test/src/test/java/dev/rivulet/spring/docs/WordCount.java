package dev.rivulet.spring.docs;

import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.spring.StreamProcessor;

// the starter README's first example (a compiled snippet: see ReadmeSnippetsTest)
// tag::word-count[]
@StreamProcessor(id = "word-count", inputs = "words", output = "word-counts")
class WordCount implements KeyedProcessor<String, String, Long> {
  static final ValueStateSpec<Long> COUNT = StateSpec.value("count", Long.class);

  @Override
  public void process(String word, KeyedContext<String, Long> ctx) {
    long count = ctx.state(COUNT).getOrDefault(0L) + 1;
    ctx.state(COUNT).put(count);
    ctx.emit(count);
  }
}
// end::word-count[]
