package org.taskercore.worker.service.config;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * A worker's configuration. {@code runtime} never shows a secret: values under secret-like keys
 * and URLs with user-info are replaced and listed in {@code metadata.redacted_fields}. With
 * {@code worker.config_exposure.mode = "whitelist"} only the listed dotted keys are shown; with
 * {@code "disabled"} {@code runtime} fails with 403.
 */
@ProxyGen
@VertxGen
public interface ConfigQueryService {

  String ADDRESS = "tasker.worker.config";

  static String addressOf(String workerId) {
    return "tasker.worker." + workerId + ".config";
  }

  static ConfigQueryService createProxy(Vertx vertx, String address, long timeoutMs) {
    return new ConfigQueryServiceVertxEBProxy(vertx, address, new DeliveryOptions().setSendTimeout(timeoutMs));
  }

  Future<RuntimeConfig> runtime();

  /** The environment name (TASKER_ENV), e.g. "production". */
  Future<String> environment();
}
