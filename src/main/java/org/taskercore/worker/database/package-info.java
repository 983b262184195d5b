/**
 * PostgreSQL, when {@code common.database.url} is set: the pool and its migrations
 * ({@link org.taskercore.worker.database.DatabaseVerticle}), the durable outbox written with each
 * step's outcome ({@link org.taskercore.worker.database.Outbox}) and its deliverer
 * ({@link org.taskercore.worker.database.OutboxDeliverer}). Nothing here knows about HTTP; the
 * health check and the metrics read it through small accessors.
 */
package org.taskercore.worker.database;
