package org.taskercore.worker.service;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceBinder;
import org.taskercore.worker.service.config.ConfigQueryService;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.service.metrics.MetricsQueryService;
import org.taskercore.worker.service.template.TemplateQueryService;

import java.util.ArrayList;
import java.util.List;

/**
 * Binds the four services of one worker, each at its shared address (any worker answers) and at
 * its per-worker address, behind an {@link ActionGuard}; undeploying unbinds them.
 */
public final class ServiceVerticle extends VerticleBase {

  private final String workerId;
  private final HealthService health;
  private final MetricsQueryService metrics;
  private final TemplateQueryService templates;
  private final ConfigQueryService config;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();

  public ServiceVerticle(String workerId, HealthService health, MetricsQueryService metrics,
                         TemplateQueryService templates, ConfigQueryService config) {
    this.workerId = workerId;
    this.health = health;
    this.metrics = metrics;
    this.templates = templates;
    this.config = config;
  }

  @Override
  public Future<?> start() {
    bind(ServiceCatalog.HEALTH, HealthService.class, health);
    bind(ServiceCatalog.METRICS, MetricsQueryService.class, metrics);
    bind(ServiceCatalog.TEMPLATES, TemplateQueryService.class, templates);
    bind(ServiceCatalog.CONFIG, ConfigQueryService.class, config);
    return Future.join(consumers.stream().map(MessageConsumer::completion).toList());
  }

  @Override
  public Future<?> stop() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
  }

  private <T> void bind(ServiceCatalog entry, Class<T> type, T service) {
    ActionGuard guard = new ActionGuard(entry);
    for (String address : List.of(entry.address(null), entry.address(workerId))) {
      consumers.add(new ServiceBinder(vertx).setAddress(address).addInterceptor(guard).register(type, service));
    }
  }
}
