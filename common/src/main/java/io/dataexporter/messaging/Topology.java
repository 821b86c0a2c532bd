package io.dataexporter.messaging;

import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;

/** Declares the exchange and the durable quorum queues; gateway and workers both declare them. */
public final class Topology {
  private Topology() {}

  /**
   * @param deliveryLimit deliveries of one message before RabbitMQ dead-letters it (a guard against
   *     poison messages; the listeners give up earlier and fail the job with a reason)
   */
  public static Declarables declarables(Queues queues, int deliveryLimit) {
    DirectExchange exchange = new DirectExchange(queues.exchange(), true, false);
    DirectExchange deadLetters = new DirectExchange(queues.deadLetterExchange(), true, false);
    List<Declarable> all = new ArrayList<>(List.of(exchange, deadLetters));
    Queue dlq = QueueBuilder.durable(queues.deadLetters()).quorum().build();
    all.add(dlq);
    for (String name :
        List.of(queues.exportRequests(), queues.shardTasks(), queues.finalizeExports())) {
      Queue queue =
          QueueBuilder.durable(name)
              .quorum()
              .deadLetterExchange(queues.deadLetterExchange())
              .deadLetterRoutingKey(queues.deadLetters())
              .deliveryLimit(deliveryLimit)
              .build();
      Binding binding = BindingBuilder.bind(queue).to(exchange).with(name);
      all.add(queue);
      all.add(binding);
    }
    all.add(BindingBuilder.bind(dlq).to(deadLetters).with(queues.deadLetters()));
    return new Declarables(all);
  }
}
