package org.taskercore.worker.service.template;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * A worker's task templates and their cache. Arguments are checked first: a namespace or name
 * outside {@code [A-Za-z0-9_.-]{1,128}} or a version that is not semver-like fails with 400;
 * an unknown template fails {@code get} and {@code validate} with 404, while {@code refresh}
 * answers {@code success: false} instead.
 */
@ProxyGen
@VertxGen
public interface TemplateQueryService {

  String ADDRESS = "tasker.worker.templates";

  static String addressOf(String workerId) {
    return "tasker.worker." + workerId + ".templates";
  }

  static TemplateQueryService createProxy(Vertx vertx, String address, long timeoutMs) {
    return new TemplateQueryServiceVertxEBProxy(vertx, address, new DeliveryOptions().setSendTimeout(timeoutMs));
  }

  Future<TemplateList> list(boolean includeCacheStats);

  Future<TemplateResponse> get(String namespace, String name, String version);

  Future<TemplateValidation> validate(String namespace, String name, String version);

  Future<CacheStats> cacheStats();

  Future<CacheOperationResult> clearCache();

  /** Drops expired entries now (it also runs every {@code maintenance_interval_seconds}). */
  Future<CacheOperationResult> maintainCache();

  /** Reads the template's file again; never fails for a missing template. */
  Future<CacheOperationResult> refresh(String namespace, String name, String version);
}
