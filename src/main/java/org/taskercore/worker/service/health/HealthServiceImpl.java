package org.taskercore.worker.service.health;

import io.vertx.core.Future;
import io.vertx.serviceproxy.ServiceException;
import org.taskercore.worker.checks.CheckRegistry;
import org.taskercore.worker.checks.CheckReport;
import org.taskercore.worker.core.WorkerIdentity;
import org.taskercore.worker.core.WorkerLifecycle;
import org.taskercore.worker.core.WorkerStatus;
import org.taskercore.worker.protocol.FailureCodes;
import org.taskercore.worker.protocol.HealthAnswer;
import org.taskercore.worker.protocol.HealthStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The health service of one worker, from its checks, its lifecycle and who it is. */
public final class HealthServiceImpl implements HealthService {

  private final CheckRegistry checks;
  private final WorkerLifecycle lifecycle;
  private final WorkerIdentity identity;
  private final int databasePoolSize;

  public HealthServiceImpl(CheckRegistry checks, WorkerLifecycle lifecycle, WorkerIdentity identity, int databasePoolSize) {
    this.checks = checks;
    this.lifecycle = lifecycle;
    this.identity = identity;
    this.databasePoolSize = databasePoolSize;
  }

  @Override
  public Future<BasicHealth> basic() {
    return Future.succeededFuture(basicWith(HealthAnswer.BASIC.status(List.of())));
  }

  @Override
  public Future<BasicHealth> live() {
    if (lifecycle.status() == WorkerStatus.STOPPED) {
      return ServiceException.fail(FailureCodes.NOT_RUNNING, "Worker system not running");
    }
    return Future.succeededFuture(basicWith(HealthAnswer.LIVE.status(List.of())));
  }

  @Override
  public Future<DetailedHealth> ready() {
    return checks.evaluate(true).map(reports -> {
      List<HealthStatus> parts = new ArrayList<>(reports.stream().map(CheckReport::status).toList());
      // Starting or draining is never ready, whatever the checks say.
      parts.add(lifecycle.status() == WorkerStatus.RUNNING ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY);
      return detailedWith(HealthAnswer.READY.status(parts), reports);
    });
  }

  @Override
  public Future<DetailedHealth> detailed() {
    return checks.evaluate(false).map(reports ->
      detailedWith(HealthAnswer.DETAILED.status(reports.stream().map(CheckReport::status).toList()), reports));
  }

  private BasicHealth basicWith(String status) {
    return new BasicHealth().setStatus(status).setWorkerId(identity.workerId()).setTimestamp(now());
  }

  private DetailedHealth detailedWith(String status, List<CheckReport> reports) {
    Map<String, HealthCheckResult> results = new LinkedHashMap<>();
    reports.forEach(r -> results.put(r.name(), new HealthCheckResult()
      .setStatus(r.status().wireName())
      .setMessage(r.message())
      .setDurationMs(r.durationMs())
      .setLastChecked(r.lastChecked().truncatedTo(ChronoUnit.MILLIS).toString())
      .setCached(r.cached())
      .setAgeMs(r.ageMs())));
    return new DetailedHealth().setStatus(status).setTimestamp(now()).setWorkerId(identity.workerId())
      .setChecks(results).setSystemInfo(systemInfo());
  }

  private WorkerSystemInfo systemInfo() {
    return new WorkerSystemInfo()
      .setVersion(identity.version())
      .setEnvironment(identity.environment())
      .setUptimeSeconds(lifecycle.uptimeSeconds())
      .setWorkerType(WorkerIdentity.WORKER_TYPE)
      .setDatabasePoolSize(databasePoolSize)
      .setCommandProcessorActive(lifecycle.status() == WorkerStatus.RUNNING)
      .setSupportedNamespaces(identity.namespaces());
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
