package org.taskercore.worker.events;

import io.vertx.core.Future;

import java.util.List;

/**
 * Where a step's durable events go: straight onto the bus, acknowledged (no database), or into
 * the database's outbox in one transaction with the step's outcome, for its deliverer to send.
 * A sink that cannot take them fails with {@link DurableEventsRefused}; it never drops them.
 */
public interface DurableSink {

  Future<Void> accept(StepRecord step, List<DomainEvent> events);
}
