package org.taskercore.worker.observability;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.protocol.FailureCodes;
import org.taskercore.worker.protocol.HealthAnswer;
import org.taskercore.worker.service.ServiceProxies;
import org.taskercore.worker.service.config.ConfigQueryService;
import org.taskercore.worker.service.config.RuntimeConfig;
import org.taskercore.worker.service.health.BasicHealth;
import org.taskercore.worker.service.health.DetailedHealth;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.service.metrics.DomainEventStats;
import org.taskercore.worker.service.metrics.MetricsResponse;
import org.taskercore.worker.service.metrics.MetricsQueryService;
import org.taskercore.worker.service.template.CacheOperationResult;
import org.taskercore.worker.service.template.CacheStats;
import org.taskercore.worker.service.template.TemplateList;
import org.taskercore.worker.service.template.TemplateQueryService;
import org.taskercore.worker.service.template.TemplateResponse;
import org.taskercore.worker.service.template.TemplateValidation;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The typed facade over a worker's four services, the Java form of the original's
 * {@code TaskerCore::Observability}: the same data objects the proxies carry, for this process's
 * worker, a named worker, or any worker. Every call is bounded by the facade's timeout and fails
 * only with {@link ObservabilityException}; {@link #isReady()} and {@link #isAlive()} never fail.
 * {@link #blocking()} gives the same calls for hosts that are not Vert.x applications.
 */
public final class Observability {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final String target;
  private final long timeoutMs;
  private final HealthService health;
  private final MetricsQueryService metrics;
  private final TemplateQueryService templates;
  private final ConfigQueryService config;

  private Observability(Vertx vertx, String workerId, Duration timeout) {
    this.target = workerId == null ? "any worker" : "worker " + workerId;
    this.timeoutMs = timeout.toMillis();
    ServiceProxies proxies = ServiceProxies.of(vertx, workerId, timeoutMs);
    this.health = proxies.health();
    this.metrics = proxies.metrics();
    this.templates = proxies.templates();
    this.config = proxies.config();
  }

  /** This process's worker. */
  public static Observability of(TaskerWorker worker) {
    return new Observability(worker.vertx(), worker.workerId(), DEFAULT_TIMEOUT);
  }

  /** A named worker, reached over {@code vertx}'s (clustered) event bus. */
  public static Observability forWorker(Vertx vertx, String workerId, Duration timeout) {
    return new Observability(vertx, workerId, timeout);
  }

  /** Whichever worker answers the shared addresses. */
  public static Observability anyWorker(Vertx vertx, Duration timeout) {
    return new Observability(vertx, null, timeout);
  }

  public BlockingObservability blocking() {
    return new BlockingObservability(this, timeoutMs);
  }

  public Future<BasicHealth> healthBasic() {
    return call(health::basic);
  }

  public Future<BasicHealth> healthLive() {
    return call(health::live);
  }

  public Future<DetailedHealth> healthReady() {
    return call(health::ready);
  }

  public Future<DetailedHealth> healthDetailed() {
    return call(health::detailed);
  }

  /** True when readiness is "healthy"; false on anything else, errors included. */
  public Future<Boolean> isReady() {
    return healthReady().map(r -> HealthAnswer.READY.passes(r.getStatus())).otherwise(false);
  }

  /** True when liveness is "alive"; false on anything else, errors included. */
  public Future<Boolean> isAlive() {
    return healthLive().map(r -> HealthAnswer.LIVE.passes(r.getStatus())).otherwise(false);
  }

  public Future<MetricsResponse> metricsWorker() {
    return call(metrics::worker);
  }

  public Future<DomainEventStats> metricsEvents() {
    return call(metrics::events);
  }

  public Future<String> metricsPrometheus() {
    return call(metrics::prometheus);
  }

  public Future<TemplateList> templatesList(boolean includeCacheStats) {
    return call(() -> templates.list(includeCacheStats));
  }

  /** Fails with 404 "template not found: ns/name/version" for an unknown template. */
  public Future<TemplateResponse> templateGet(String namespace, String name, String version) {
    return call(() -> templates.get(namespace, name, version));
  }

  public Future<TemplateValidation> templateValidate(String namespace, String name, String version) {
    return call(() -> templates.validate(namespace, name, version));
  }

  public Future<CacheStats> cacheStats() {
    return call(templates::cacheStats);
  }

  public Future<CacheOperationResult> clearCache() {
    return call(templates::clearCache);
  }

  public Future<CacheOperationResult> maintainCache() {
    return call(templates::maintainCache);
  }

  /** Never fails for a missing template: {@code success} is false and {@code message} says why. */
  public Future<CacheOperationResult> templateRefresh(String namespace, String name, String version) {
    return call(() -> templates.refresh(namespace, name, version));
  }

  public Future<RuntimeConfig> configRuntime() {
    return call(config::runtime);
  }

  public Future<String> configEnvironment() {
    return call(config::environment);
  }

  private <T> Future<T> call(Supplier<Future<T>> send) {
    Future<T> sent;
    try {
      sent = send.get();
    } catch (RuntimeException e) { // e.g. the Vert.x instance is closed
      return Future.failedFuture(new ObservabilityException(FailureCodes.NOT_RUNNING,
        "Worker system not running (" + target + ": " + e.getMessage() + ")"));
    }
    return sent.recover(e -> Future.failedFuture(translate(e)));
  }

  ObservabilityException translate(Throwable failure) {
    if (failure instanceof ObservabilityException known) {
      return known;
    }
    int code = FailureCodes.of(failure);
    if (FailureCodes.noHandlers(failure)) {
      return new ObservabilityException(code, "Worker system not running (no answer from " + target + ")");
    }
    if (code == FailureCodes.TIMEOUT) {
      return timedOut();
    }
    return new ObservabilityException(code, String.valueOf(failure.getMessage()));
  }

  ObservabilityException timedOut() {
    return new ObservabilityException(FailureCodes.TIMEOUT, "timed out after " + timeoutMs + " ms");
  }
}
