package org.taskercore.worker.service;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceBinder;
import org.taskercore.worker.runtime.WorkerState;
import org.taskercore.worker.service.config.ConfigQueryService;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.service.metrics.MetricsService;
import org.taskercore.worker.service.template.TemplateQueryService;

import java.util.ArrayList;
import java.util.List;

/**
 * Binds the four services of one worker, each at its shared address (any worker answers) and at
 * its per-worker address, behind an {@link ActionGuard}.
 */
public final class ServiceVerticle extends VerticleBase {

  private final WorkerState state;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();

  public ServiceVerticle(WorkerState state) {
    this.state = state;
  }

  @Override
  public Future<?> start() {
    bind(ServiceCatalog.HEALTH, HealthService.class, HealthService.create(vertx, state));
    bind(ServiceCatalog.METRICS, MetricsService.class, MetricsService.create(vertx, state));
    bind(ServiceCatalog.TEMPLATES, TemplateQueryService.class, TemplateQueryService.create(vertx, state));
    bind(ServiceCatalog.CONFIG, ConfigQueryService.class, ConfigQueryService.create(vertx, state));
    return Future.join(consumers.stream().map(MessageConsumer::completion).toList());
  }

  @Override
  public Future<?> stop() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
  }

  private <T> void bind(ServiceCatalog entry, Class<T> type, T service) {
    ActionGuard guard = new ActionGuard(entry);
    for (String address : List.of(entry.address(null), entry.address(state.workerId()))) {
      consumers.add(new ServiceBinder(vertx).setAddress(address).addInterceptor(guard).register(type, service));
    }
  }
}
