package org.taskercore.worker.observability;

import io.vertx.core.Context;
import io.vertx.core.Future;
import org.taskercore.worker.service.config.RuntimeConfig;
import org.taskercore.worker.service.health.BasicHealth;
import org.taskercore.worker.service.health.DetailedHealth;
import org.taskercore.worker.service.metrics.DomainEventStats;
import org.taskercore.worker.service.metrics.MetricsResponse;
import org.taskercore.worker.service.template.CacheOperationResult;
import org.taskercore.worker.service.template.CacheStats;
import org.taskercore.worker.service.template.TemplateList;
import org.taskercore.worker.service.template.TemplateResponse;
import org.taskercore.worker.service.template.TemplateValidation;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link Observability} for callers that wait: each call returns its value within the facade's
 * timeout or throws {@link ObservabilityException}. Never call it on a Vert.x event loop.
 */
public final class BlockingObservability {

  /** Slack beyond the bus timeout, so the bus reports its own timeout first. */
  private static final long MARGIN_MS = 1_000;

  private final Observability async;
  private final long timeoutMs;

  BlockingObservability(Observability async, long timeoutMs) {
    this.async = async;
    this.timeoutMs = timeoutMs;
  }

  public BasicHealth healthBasic() {
    return await(async.healthBasic());
  }

  public BasicHealth healthLive() {
    return await(async.healthLive());
  }

  public DetailedHealth healthReady() {
    return await(async.healthReady());
  }

  public DetailedHealth healthDetailed() {
    return await(async.healthDetailed());
  }

  /** Never throws: false on any error or timeout. */
  public boolean isReady() {
    try {
      return await(async.isReady());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Never throws: false on any error or timeout. */
  public boolean isAlive() {
    try {
      return await(async.isAlive());
    } catch (RuntimeException e) {
      return false;
    }
  }

  public MetricsResponse metricsWorker() {
    return await(async.metricsWorker());
  }

  public DomainEventStats metricsEvents() {
    return await(async.metricsEvents());
  }

  public String metricsPrometheus() {
    return await(async.metricsPrometheus());
  }

  public TemplateList templatesList(boolean includeCacheStats) {
    return await(async.templatesList(includeCacheStats));
  }

  public TemplateResponse templateGet(String namespace, String name, String version) {
    return await(async.templateGet(namespace, name, version));
  }

  public TemplateValidation templateValidate(String namespace, String name, String version) {
    return await(async.templateValidate(namespace, name, version));
  }

  public CacheStats cacheStats() {
    return await(async.cacheStats());
  }

  public CacheOperationResult clearCache() {
    return await(async.clearCache());
  }

  public CacheOperationResult maintainCache() {
    return await(async.maintainCache());
  }

  public CacheOperationResult templateRefresh(String namespace, String name, String version) {
    return await(async.templateRefresh(namespace, name, version));
  }

  public RuntimeConfig configRuntime() {
    return await(async.configRuntime());
  }

  public String configEnvironment() {
    return await(async.configEnvironment());
  }

  private <T> T await(Future<T> future) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("a blocking Observability call on an event loop would stall it; use the async form");
    }
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeoutMs + MARGIN_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw async.translate(e.getCause());
    } catch (TimeoutException e) {
      throw async.timedOut();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ObservabilityException(500, "interrupted while waiting for " + e.getMessage());
    }
  }
}
