package org.taskercore.worker.service.health;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.serviceproxy.ServiceException;
import org.taskercore.worker.core.BuildInfo;
import org.taskercore.worker.core.FailureCodes;
import org.taskercore.worker.core.WorkerStatus;
import org.taskercore.worker.health.CheckReport;
import org.taskercore.worker.health.HealthStatus;
import org.taskercore.worker.runtime.WorkerState;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class HealthServiceImpl implements HealthService {

  private final WorkerState state;

  HealthServiceImpl(Vertx vertx, WorkerState state) {
    this.state = state;
  }

  @Override
  public Future<BasicHealth> basic() {
    return Future.succeededFuture(basicWith("healthy"));
  }

  @Override
  public Future<BasicHealth> live() {
    if (state.lifecycle().status() == WorkerStatus.STOPPED) {
      return ServiceException.fail(FailureCodes.NOT_RUNNING, "Worker system not running");
    }
    return Future.succeededFuture(basicWith("alive"));
  }

  @Override
  public Future<DetailedHealth> ready() {
    return state.health().evaluate(true).map(reports -> {
      boolean allHealthy = reports.stream().allMatch(r -> r.status() == HealthStatus.HEALTHY)
        && state.lifecycle().status() == WorkerStatus.RUNNING;
      return detailedWith(allHealthy ? "healthy" : "unhealthy", reports);
    });
  }

  @Override
  public Future<DetailedHealth> detailed() {
    return state.health().evaluate(false).map(reports -> {
      boolean allHealthy = reports.stream().allMatch(r -> r.status() == HealthStatus.HEALTHY);
      return detailedWith(allHealthy ? "healthy" : "degraded", reports);
    });
  }

  private BasicHealth basicWith(String status) {
    return new BasicHealth().setStatus(status).setWorkerId(state.workerId()).setTimestamp(now());
  }

  private DetailedHealth detailedWith(String status, List<CheckReport> reports) {
    Map<String, HealthCheck> checks = new LinkedHashMap<>();
    reports.forEach(r -> checks.put(r.name(), new HealthCheck()
      .setStatus(r.status().wireName())
      .setMessage(r.message())
      .setDurationMs(r.durationMs())
      .setLastChecked(r.lastChecked().truncatedTo(ChronoUnit.MILLIS).toString())
      .setCached(r.cached())
      .setAgeMs(r.ageMs())));
    return new DetailedHealth().setStatus(status).setTimestamp(now()).setWorkerId(state.workerId())
      .setChecks(checks).setSystemInfo(systemInfo());
  }

  private WorkerSystemInfo systemInfo() {
    return new WorkerSystemInfo()
      .setVersion(BuildInfo.VERSION)
      .setEnvironment(state.environment())
      .setUptimeSeconds(state.lifecycle().uptimeSeconds())
      .setWorkerType(WorkerState.WORKER_TYPE)
      .setDatabasePoolSize(state.config().common().hasDatabase() ? 1 : 0)
      .setCommandProcessorActive(state.lifecycle().status() == WorkerStatus.RUNNING)
      .setSupportedNamespaces(state.namespaces());
  }

  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
