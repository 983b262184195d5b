package org.taskercore.worker.health;

import io.vertx.core.Future;

/**
 * A named health procedure. It reports trouble as a result, never by throwing; the registry
 * still turns a throw, a failed future or a hang into an {@code unhealthy} result.
 */
public interface HealthCheck {

  String name();

  /** Part of readiness (else only of the detailed view). */
  boolean readiness();

  Future<CheckResult> run();

  static HealthCheck of(String name, boolean readiness, java.util.function.Supplier<Future<CheckResult>> procedure) {
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean readiness() {
        return readiness;
      }

      @Override
      public Future<CheckResult> run() {
        return procedure.get();
      }
    };
  }
}
