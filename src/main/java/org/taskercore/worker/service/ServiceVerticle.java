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
    String id = state.workerId();
    bind(HealthService.class, HealthService.create(vertx, state), HealthService.ADDRESS, HealthService.addressOf(id));
    bind(MetricsService.class, MetricsService.create(vertx, state), MetricsService.ADDRESS, MetricsService.addressOf(id));
    bind(TemplateQueryService.class, TemplateQueryService.create(vertx, state),
      TemplateQueryService.ADDRESS, TemplateQueryService.addressOf(id));
    bind(ConfigQueryService.class, ConfigQueryService.create(vertx, state),
      ConfigQueryService.ADDRESS, ConfigQueryService.addressOf(id));
    return Future.join(consumers.stream().map(MessageConsumer::completion).toList());
  }

  @Override
  public Future<?> stop() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
  }

  private <T> void bind(Class<T> type, T service, String... addresses) {
    ActionGuard guard = new ActionGuard(type);
    for (String address : addresses) {
      consumers.add(new ServiceBinder(vertx).setAddress(address).addInterceptor(guard).register(type, service));
    }
  }
}
