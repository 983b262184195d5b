package org.taskercore.worker.access;

import java.util.Map;

/**
 * What one call needs: a permission (or none), and the HTTP path of the route that makes it, which
 * decides whether the call is public ({@code worker.web.auth.public_routes}). The table below is
 * the one place this is written: the web routes and the bridges both read it.
 */
public record Requirement(Permission permission, String path) {

  private static final Map<String, Requirement> BY_CALL = Map.ofEntries(
    Map.entry("health.basic", new Requirement(null, "/health")),
    Map.entry("health.live", new Requirement(null, "/health/live")),
    Map.entry("health.ready", new Requirement(null, "/health/ready")),
    Map.entry("health.detailed", new Requirement(null, "/health/detailed")),
    Map.entry("metrics.prometheus", new Requirement(null, "/metrics")),
    Map.entry("metrics.openmetrics", new Requirement(null, "/metrics")),
    Map.entry("metrics.worker", new Requirement(Permission.METRICS_READ, "/metrics/worker")),
    Map.entry("metrics.events", new Requirement(Permission.METRICS_READ, "/metrics/events")),
    Map.entry("metrics.snapshot", new Requirement(Permission.METRICS_READ, "/metrics/snapshot")),
    Map.entry("templates.list", new Requirement(Permission.TEMPLATES_READ, "/templates")),
    Map.entry("templates.get", new Requirement(Permission.TEMPLATES_READ, "/templates/{namespace}/{name}/{version}")),
    Map.entry("templates.cacheStats", new Requirement(Permission.TEMPLATES_READ, "/templates/cache/stats")),
    Map.entry("templates.validate", new Requirement(Permission.TEMPLATES_VALIDATE, "/templates/{namespace}/{name}/{version}/validate")),
    Map.entry("templates.clearCache", new Requirement(Permission.TEMPLATES_ADMIN, "/templates/cache")),
    Map.entry("templates.maintainCache", new Requirement(Permission.TEMPLATES_ADMIN, "/templates/cache/maintain")),
    Map.entry("templates.refresh", new Requirement(Permission.TEMPLATES_ADMIN, "/templates/{namespace}/{name}/{version}/refresh")),
    Map.entry("config.runtime", new Requirement(Permission.CONFIG_READ, "/config")),
    Map.entry("config.environment", new Requirement(Permission.CONFIG_READ, "/config/environment")),
    Map.entry("cluster.workers", new Requirement(Permission.CLUSTER_READ, "/cluster/workers")),
    Map.entry("cluster.health", new Requirement(null, "/cluster/health")),
    Map.entry("cluster.metrics", new Requirement(null, "/cluster/metrics")),
    Map.entry("docs.read", new Requirement(null, "/api-docs")),
    // A bridge registration: no HTTP route makes it; the path is the SockJS bridge's, for the log.
    Map.entry("events.subscribe", new Requirement(Permission.EVENTS_READ, "/eventbus")));

  /** The requirement of a call named {@code service.method} ({@code templates.clearCache}). */
  public static Requirement of(String call) {
    Requirement requirement = BY_CALL.get(call);
    if (requirement == null) {
      throw new IllegalArgumentException("no access requirement is written for " + call);
    }
    return requirement;
  }

  /** The requirement of the route at an HTTP path template ({@code /templates/{namespace}/{name}/{version}}). */
  public static java.util.Optional<Requirement> ofPath(String path) {
    return BY_CALL.values().stream().filter(r -> r.path().equals(path)).findFirst();
  }

  /** Every call the table knows (a test holds it to the service catalogue). */
  public static java.util.Set<String> calls() {
    return BY_CALL.keySet();
  }
}
