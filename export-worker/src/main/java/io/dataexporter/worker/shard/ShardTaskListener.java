package io.dataexporter.worker.shard;

import io.dataexporter.messaging.Queues;
import io.dataexporter.messaging.ShardTask;
import org.slf4j.MDC;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Consumes shard tasks (prefetch 1). The container acks only when this returns, i.e. after the part
 * is stored and the shard row is completed; an exception requeues the task.
 */
@Component
class ShardTaskListener {
  private final RunShardTask runShardTask;

  ShardTaskListener(RunShardTask runShardTask) {
    this.runShardTask = runShardTask;
  }

  @RabbitListener(
      queues = Queues.SHARD_TASKS_PLACEHOLDER,
      concurrency = "${exporter.worker.shard-concurrency:2}")
  void onShardTask(
      ShardTask task,
      @Header(name = AmqpHeaders.REDELIVERED, required = false) Boolean redelivered,
      @Header(name = "x-delivery-count", required = false) Long deliveries)
      throws Exception {
    MDC.put("export_id", task.exportId().toString());
    MDC.put("shard_id", Long.toString(task.shardId()));
    try {
      runShardTask.run(
          task, Boolean.TRUE.equals(redelivered) || (deliveries != null && deliveries > 0));
    } finally {
      MDC.clear();
    }
  }
}
