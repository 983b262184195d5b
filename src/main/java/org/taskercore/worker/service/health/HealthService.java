package org.taskercore.worker.service.health;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * A worker's health. {@code basic} and {@code live} never run checks; {@code ready} runs the
 * readiness checks, {@code detailed} all of them, in parallel, each bounded by
 * {@code worker.health.check_timeout_ms}. A failing check is data in the answer, never a failure;
 * these methods fail only when no worker answers (transport NO_HANDLERS / TIMEOUT).
 */
@ProxyGen
@VertxGen
public interface HealthService {

  /** Any worker answers here. */
  String ADDRESS = "tasker.worker.health";

  /** This one worker answers here. */
  static String addressOf(String workerId) {
    return "tasker.worker." + workerId + ".health";
  }

  /** A proxy whose calls fail with a reply TIMEOUT after {@code timeoutMs}. */
  static HealthService createProxy(Vertx vertx, String address, long timeoutMs) {
    return new HealthServiceVertxEBProxy(vertx, address, new DeliveryOptions().setSendTimeout(timeoutMs));
  }

  /** {@code status: "healthy"} while the worker process answers. */
  Future<BasicHealth> basic();

  /** {@code status: "alive"} until the worker has stopped (it stays alive while draining). */
  Future<BasicHealth> live();

  /** Readiness: {@code healthy} only when every readiness check is healthy, else {@code unhealthy}. */
  Future<DetailedHealth> ready();

  /** Every check: {@code healthy} when all are, else {@code degraded}. */
  Future<DetailedHealth> detailed();
}
