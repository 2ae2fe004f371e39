package dev.rivulet.spring.autoconfigure;

import static dev.rivulet.spring.autoconfigure.RivuletAutoConfigurationTests.processor;
import static dev.rivulet.spring.autoconfigure.RivuletAutoConfigurationTests.runner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.serde.JsonSerde;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.spring.autoconfigure.TestProcessors.CardVelocity;
import dev.rivulet.spring.autoconfigure.TestProcessors.Payment;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** How {@link RivuletAutoConfiguration} picks serdes from {@code Serde} beans; no broker. */
class SerdeBeanAutoConfigurationTests {

  @Test
  void serdeBeanOfTheExactTypeIsUsed() {
    runner.withUserConfiguration(CardVelocity.class, PaymentSerdeConfig.class).run(context -> {
      ProcessorDefinition<?, ?, ?> d = processor(context.getBean(Rivulet.class), "card-velocity");
      assertThat(d.inputs().get(0).valueSerde()).isSameAs(context.getBean("paymentSerde"));
      assertThat(d.keySerde()).isSameAs(context.getBean("keySerde"));
      // Alert has no Serde bean: JSON
      assertThat(d.outputValueSerde()).isInstanceOf(JsonSerde.class);
    });
  }

  @Test
  void primarySerdeBeanWinsAmongSeveral() {
    runner.withUserConfiguration(CardVelocity.class, PaymentSerdeConfig.class,
        PrimaryPaymentSerdeConfig.class).run(context -> {
          ProcessorDefinition<?, ?, ?> d =
              processor(context.getBean(Rivulet.class), "card-velocity");
          assertThat(d.inputs().get(0).valueSerde()).isSameAs(context.getBean("primarySerde"));
        });
  }

  @Test
  void serdeBeansWithoutTypeArgumentAreIgnored() {
    runner.withUserConfiguration(CardVelocity.class, RawSerdeConfig.class).run(context -> {
      ProcessorDefinition<?, ?, ?> d = processor(context.getBean(Rivulet.class), "card-velocity");
      assertThat(d.inputs().get(0).valueSerde()).isInstanceOf(JsonSerde.class);
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class PaymentSerdeConfig {
    @Bean
    Serde<Payment> paymentSerde() {
      return RivuletSerdes.json(Payment.class);
    }

    @Bean
    Serde<String> keySerde() {
      return Serdes.String();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class PrimaryPaymentSerdeConfig {
    @Bean
    @Primary
    JsonSerde<Payment> primarySerde() {
      return JsonSerde.of(Payment.class);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class RawSerdeConfig {
    @Bean
    @SuppressWarnings("rawtypes")
    Serde rawSerde() {
      return Serdes.ByteArray();
    }

    @Bean
    Serde<?> wildcardSerde() {
      return Serdes.ByteArray();
    }
  }
}
