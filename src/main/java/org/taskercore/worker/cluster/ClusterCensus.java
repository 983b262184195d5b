package org.taskercore.worker.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many workers this member sees against how many the cluster should have
 * ({@code cluster.expected_workers}), as {@code tasker_cluster_workers_visible} and
 * {@code tasker_cluster_workers_expected} on this process's scrape: on every side of a partition,
 * each member reports the side it is on. The directory is read every {@link #EVERY_MS} ms.
 */
public final class ClusterCensus extends VerticleBase {

  static final long EVERY_MS = 2_000;

  private final WorkerDirectory directory;
  private final MeterRegistry registry;
  private final int expected;
  private final AtomicInteger visible = new AtomicInteger();
  private List<Gauge> gauges = List.of();
  private long timer = -1;

  public ClusterCensus(WorkerDirectory directory, MeterRegistry registry, int expected) {
    this.directory = directory;
    this.registry = registry;
    this.expected = expected;
  }

  @Override
  public Future<?> start() {
    gauges = List.of(
      Gauge.builder("tasker.cluster.workers.expected", () -> expected)
        .description("Workers the cluster should have (cluster.expected_workers; 0: no expectation)").register(registry),
      Gauge.builder("tasker.cluster.workers.visible", visible, AtomicInteger::get)
        .description("Live workers this member sees in the cluster's directory").register(registry));
    timer = vertx.setPeriodic(0, EVERY_MS, t -> count());
    return Future.succeededFuture();
  }

  private void count() {
    directory.live().onSuccess(live -> visible.set(live.size()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    gauges.forEach(registry::remove);
    return Future.succeededFuture();
  }
}
