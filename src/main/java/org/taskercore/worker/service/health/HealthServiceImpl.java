package org.taskercore.worker.service.health;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.taskercore.worker.checks.CheckRegistry;
import org.taskercore.worker.checks.CheckReport;
import org.taskercore.worker.lifecycle.WorkerIdentity;
import org.taskercore.worker.lifecycle.WorkerLifecycle;
import org.taskercore.worker.lifecycle.WorkerStatus;
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
  /** The last detailed answer served wholly from cached check results, and what made it. */
  private volatile Memo lastDetailed;

  /**
   * An answer depends only on the millisecond (timestamp, ages, uptime), the check results and the
   * lifecycle state; while all three stay the same it is the same answer, so a probe storm builds
   * it once per millisecond rather than once per request. Answers are read-only once returned.
   */
  private record Memo(long epochMilli, long checksVersion, WorkerStatus status, Rendered answer) {
    boolean answers(long epochMilli, long checksVersion, WorkerStatus status) {
      return this.epochMilli == epochMilli && this.checksVersion == checksVersion && this.status == status;
    }
  }

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
    Instant now = now();
    return checks.evaluate(true, now).map(reports -> {
      List<HealthStatus> parts = new ArrayList<>(reports.stream().map(CheckReport::status).toList());
      // Starting or draining is never ready, whatever the checks say.
      parts.add(lifecycle.status() == WorkerStatus.RUNNING ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY);
      return detailedWith(HealthAnswer.READY.status(parts), reports, now);
    });
  }

  @Override
  public Future<DetailedHealth> detailed() {
    Instant now = now();
    long version = checks.version();
    WorkerStatus status = lifecycle.status();
    Memo memo = lastDetailed;
    if (memo != null && memo.answers(now.toEpochMilli(), version, status)) {
      return Future.succeededFuture(memo.answer());
    }
    return checks.evaluate(false, now).map(reports -> {
      DetailedHealth answer = detailedWith(HealthAnswer.DETAILED.status(reports.stream().map(CheckReport::status).toList()),
        reports, now);
      if (reports.stream().allMatch(CheckReport::cached)) {
        lastDetailed = new Memo(now.toEpochMilli(), version, status, new Rendered(answer));
      }
      return answer;
    });
  }

  /**
   * A memoised answer with its JSON rendered once. The service's proxy handler only reads that
   * JSON, to send (a copy on the local bus, bytes on the clustered one); nothing mutates it.
   */
  private static final class Rendered extends DetailedHealth {
    private final JsonObject json;

    Rendered(DetailedHealth answer) {
      setStatus(answer.getStatus()).setTimestamp(answer.getTimestamp()).setWorkerId(answer.getWorkerId())
        .setChecks(answer.getChecks()).setSystemInfo(answer.getSystemInfo());
      json = answer.toJson();
    }

    @Override
    public JsonObject toJson() {
      return json;
    }
  }

  private BasicHealth basicWith(String status) {
    return new BasicHealth().setStatus(status).setWorkerId(identity.workerId()).setTimestamp(now().toString());
  }

  private DetailedHealth detailedWith(String status, List<CheckReport> reports, Instant now) {
    Map<String, HealthCheckResult> results = new LinkedHashMap<>();
    reports.forEach(r -> results.put(r.name(), new HealthCheckResult()
      .setStatus(r.status().wireName())
      .setMessage(r.message())
      .setDurationMs(r.durationMs())
      .setLastChecked(r.lastChecked().truncatedTo(ChronoUnit.MILLIS).toString())
      .setCached(r.cached())
      .setAgeMs(r.ageMs())
      .setTraceId(r.traceId())));
    return new DetailedHealth().setStatus(status).setTimestamp(now.toString()).setWorkerId(identity.workerId())
      .setChecks(results).setSystemInfo(systemInfo(now));
  }

  private WorkerSystemInfo systemInfo(Instant now) {
    return new WorkerSystemInfo()
      .setVersion(identity.version())
      .setEnvironment(identity.environment())
      .setUptimeSeconds(lifecycle.uptimeSeconds(now))
      .setWorkerType(WorkerIdentity.WORKER_TYPE)
      .setDatabasePoolSize(databasePoolSize)
      .setCommandProcessorActive(lifecycle.status() == WorkerStatus.RUNNING)
      .setSupportedNamespaces(identity.namespaces());
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
