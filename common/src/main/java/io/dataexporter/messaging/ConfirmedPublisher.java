package io.dataexporter.messaging;

import io.dataexporter.error.TransientException;
import java.time.Duration;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes persistent messages and waits for the broker's confirm, so "published" means the broker
 * has taken responsibility. Needs {@code spring.rabbitmq.publisher-confirm-type=simple}.
 */
public final class ConfirmedPublisher {
  private final RabbitTemplate template;
  private final Queues queues;
  private final Duration confirmTimeout;

  public ConfirmedPublisher(RabbitTemplate template, Queues queues, Duration confirmTimeout) {
    this.template = template;
    this.queues = queues;
    this.confirmTimeout = confirmTimeout;
  }

  public void requestExport(ExportRequested message) {
    publish(queues.exportRequests(), message);
  }

  public void queueShard(ShardTask message) {
    publish(queues.shardTasks(), message);
  }

  public void finalizeExport(FinalizeExport message) {
    publish(queues.finalizeExports(), message);
  }

  /** Sends to the named queue through the exporter exchange. */
  private void publish(String queue, Object message) {
    try {
      template.invoke(
          ops -> {
            ops.convertAndSend(queues.exchange(), queue, message);
            ops.waitForConfirmsOrDie(confirmTimeout.toMillis());
            return null;
          });
    } catch (AmqpException e) {
      throw new TransientException("publishing to " + queue + " failed: " + e.getMessage(), e);
    }
  }
}
