package dev.rivulet.spring.docs;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The application of the starter README's test example (found by {@code @SpringBootTest}). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(WordCount.class)
class WordCountApplication {}
