package org.taskercore.worker.service;

import org.taskercore.worker.service.config.ConfigQueryService;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.service.metrics.MetricsService;
import org.taskercore.worker.service.template.TemplateQueryService;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The four services by their short names ({@code health}, {@code metrics}, {@code templates},
 * {@code config}): interface, shared address, per-worker address, and the methods a raw caller
 * may name in its {@code action} header.
 */
public enum ServiceCatalog {
  HEALTH("health", HealthService.class, HealthService.ADDRESS, HealthService::addressOf),
  METRICS("metrics", MetricsService.class, MetricsService.ADDRESS, MetricsService::addressOf),
  TEMPLATES("templates", TemplateQueryService.class, TemplateQueryService.ADDRESS, TemplateQueryService::addressOf),
  CONFIG("config", ConfigQueryService.class, ConfigQueryService.ADDRESS, ConfigQueryService::addressOf);

  private final String shortName;
  private final Class<?> type;
  private final String sharedAddress;
  private final UnaryOperator<String> perWorker;

  ServiceCatalog(String shortName, Class<?> type, String sharedAddress, UnaryOperator<String> perWorker) {
    this.shortName = shortName;
    this.type = type;
    this.sharedAddress = sharedAddress;
    this.perWorker = perWorker;
  }

  public String shortName() {
    return shortName;
  }

  public Class<?> type() {
    return type;
  }

  /** The per-worker address, or the shared one when {@code workerId} is null. */
  public String address(String workerId) {
    return workerId == null ? sharedAddress : perWorker.apply(workerId);
  }

  /** The bus methods by name (the service interfaces have no overloads). */
  public Map<String, Method> methods() {
    Map<String, Method> methods = new TreeMap<>();
    for (Method method : type.getMethods()) {
      if (!Modifier.isStatic(method.getModifiers()) && !method.isDefault()) {
        methods.put(method.getName(), method);
      }
    }
    return methods;
  }

  public static Optional<ServiceCatalog> byShortName(String name) {
    return List.of(values()).stream().filter(s -> s.shortName.equals(name)).findFirst();
  }
}
