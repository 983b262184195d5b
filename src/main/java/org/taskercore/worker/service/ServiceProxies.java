package org.taskercore.worker.service;

import io.vertx.core.Vertx;
import org.taskercore.worker.service.config.ConfigQueryService;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.service.metrics.MetricsQueryService;
import org.taskercore.worker.service.template.TemplateQueryService;

/** The four service proxies of one worker, or of any worker when {@code workerId} is null. */
public record ServiceProxies(HealthService health, MetricsQueryService metrics, TemplateQueryService templates,
                      ConfigQueryService config) {

  public static ServiceProxies of(Vertx vertx, String workerId, long timeoutMs) {
    return new ServiceProxies(
      HealthService.createProxy(vertx, ServiceCatalog.HEALTH.address(workerId), timeoutMs),
      MetricsQueryService.createProxy(vertx, ServiceCatalog.METRICS.address(workerId), timeoutMs),
      TemplateQueryService.createProxy(vertx, ServiceCatalog.TEMPLATES.address(workerId), timeoutMs),
      ConfigQueryService.createProxy(vertx, ServiceCatalog.CONFIG.address(workerId), timeoutMs));
  }
}
