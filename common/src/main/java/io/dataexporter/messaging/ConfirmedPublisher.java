package io.dataexporter.messaging;

import io.dataexporter.error.TransientException;
import java.time.Duration;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes persistent messages and waits for the broker's confirm, so "published" means the
 * broker has taken responsibility. Needs {@code spring.rabbitmq.publisher-confirm-type=simple}.
 */
public final class ConfirmedPublisher {
  private final RabbitTemplate template;
  private final Duration confirmTimeout;

  public ConfirmedPublisher(RabbitTemplate template, Duration confirmTimeout) {
    this.template = template;
    this.confirmTimeout = confirmTimeout;
  }

  /** Sends to the named queue through the exporter exchange. */
  public void publish(String queue, Object message) {
    try {
      template.invoke(ops -> {
        ops.convertAndSend(Queues.EXCHANGE, queue, message);
        ops.waitForConfirmsOrDie(confirmTimeout.toMillis());
        return null;
      });
    } catch (AmqpException e) {
      throw new TransientException("publishing to " + queue + " failed: " + e.getMessage(), e);
    }
  }
}
