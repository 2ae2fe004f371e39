package dev.rivulet.sample.fraud;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The fraud detection sample. With the default {@code application.properties} it starts an
 * in-process Kafka broker, the traffic generator and the two fraud processors, and logs every
 * alert: {@code ./mvnw -pl sample-fraud-detection spring-boot:run}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FraudDetectionApplication {

  /** Runs the application. */
  public static void main(String[] args) {
    SpringApplication.run(FraudDetectionApplication.class, args);
  }
}
