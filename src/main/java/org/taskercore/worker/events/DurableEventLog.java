package org.taskercore.worker.events;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The worker's own consumer at the durable address: keeps the most recent durable events and
 * acknowledges each once it holds it. It stands where the original's message queue stood; a
 * deployment with a real store registers its consumer at the same address instead.
 */
public final class DurableEventLog extends VerticleBase {

  private final String address;
  private final Deque<JsonObject> recent = new ArrayDeque<>();
  private final int capacity;
  private final LongAdder received = new LongAdder();
  private MessageConsumer<JsonObject> consumer;

  public DurableEventLog(String address, int capacity) {
    this.address = address;
    this.capacity = capacity;
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().<JsonObject>consumer(address, message -> {
      synchronized (recent) {
        recent.addLast(message.body());
        if (recent.size() > capacity) {
          recent.removeFirst();
        }
      }
      received.increment();
      message.reply(new JsonObject().put("acknowledged", message.body().getString("event_id")));
    });
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }

  public long received() {
    return received.sum();
  }

  public List<JsonObject> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }
}
