package org.taskercore.worker.web;

import io.vertx.core.Vertx;
import org.taskercore.worker.service.config.ConfigQueryService;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.service.metrics.MetricsService;
import org.taskercore.worker.service.template.TemplateQueryService;

/** The four service proxies a request talks to: one worker's, or any worker's when {@code workerId} is null. */
record ServiceTargets(HealthService health, MetricsService metrics, TemplateQueryService templates,
                      ConfigQueryService config) {

  static ServiceTargets of(Vertx vertx, String workerId, long timeoutMs) {
    boolean any = workerId == null;
    return new ServiceTargets(
      HealthService.createProxy(vertx, any ? HealthService.ADDRESS : HealthService.addressOf(workerId), timeoutMs),
      MetricsService.createProxy(vertx, any ? MetricsService.ADDRESS : MetricsService.addressOf(workerId), timeoutMs),
      TemplateQueryService.createProxy(vertx,
        any ? TemplateQueryService.ADDRESS : TemplateQueryService.addressOf(workerId), timeoutMs),
      ConfigQueryService.createProxy(vertx, any ? ConfigQueryService.ADDRESS : ConfigQueryService.addressOf(workerId), timeoutMs));
  }
}
