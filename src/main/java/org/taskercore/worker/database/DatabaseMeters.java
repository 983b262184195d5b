package org.taskercore.worker.database;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** The pool's and the outbox's figures as {@code tasker_worker_db_pool_*} and {@code tasker_domain_events_outbox_*}. */
public final class DatabaseMeters implements MeterBinder {

  private final DatabaseVerticle database;
  private final OutboxDeliverer deliverer;

  public DatabaseMeters(DatabaseVerticle database, OutboxDeliverer deliverer) {
    this.database = database;
    this.deliverer = deliverer;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("tasker.worker.db.pool.size", database, DatabaseVerticle::maxSize)
      .description("Connections the pool may open (common.database.pool_max_size)").register(registry);
    Gauge.builder("tasker.worker.db.pool.in.use", database, DatabaseVerticle::inUse)
      .description("Pool connections in use now").register(registry);
    Gauge.builder("tasker.worker.db.pool.waiting", database, DatabaseVerticle::waiting)
      .description("Callers waiting for a pool connection now").register(registry);
    Gauge.builder("tasker.domain.events.outbox.pending", deliverer, OutboxDeliverer::pending)
      .description("Outbox events not yet delivered (all workers of the database; counted every 2 s)").register(registry);
    FunctionCounter.builder("tasker.domain.events.outbox.delivered", deliverer, OutboxDeliverer::delivered)
      .description("Outbox events this worker delivered and saw acknowledged").register(registry);
    FunctionCounter.builder("tasker.domain.events.outbox.failed", deliverer, OutboxDeliverer::failed)
      .description("Outbox deliveries by this worker that were not acknowledged (each is tried again)").register(registry);
  }
}
