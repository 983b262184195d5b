package org.taskercore.worker.web;

import io.vertx.core.Vertx;
import org.taskercore.worker.service.ServiceCatalog;
import org.taskercore.worker.service.config.ConfigQueryService;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.service.metrics.MetricsService;
import org.taskercore.worker.service.template.TemplateQueryService;

/** The four service proxies a request talks to: one worker's, or any worker's when {@code workerId} is null. */
record ServiceTargets(HealthService health, MetricsService metrics, TemplateQueryService templates,
                      ConfigQueryService config) {

  static ServiceTargets of(Vertx vertx, String workerId, long timeoutMs) {
    return new ServiceTargets(
      HealthService.createProxy(vertx, ServiceCatalog.HEALTH.address(workerId), timeoutMs),
      MetricsService.createProxy(vertx, ServiceCatalog.METRICS.address(workerId), timeoutMs),
      TemplateQueryService.createProxy(vertx, ServiceCatalog.TEMPLATES.address(workerId), timeoutMs),
      ConfigQueryService.createProxy(vertx, ServiceCatalog.CONFIG.address(workerId), timeoutMs));
  }
}
