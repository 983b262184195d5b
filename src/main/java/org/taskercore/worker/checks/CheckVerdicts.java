package org.taskercore.worker.checks;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import org.taskercore.worker.protocol.HealthStatus;

/**
 * A procedure's {@link Status} in our three levels. vertx-health-check knows up and down only:
 * up is healthy; down is unhealthy unless its data says {@code "status": "degraded"}. The data's
 * {@code message} says why.
 */
public final class CheckVerdicts {

  private static final String STATUS = "status";
  private static final String MESSAGE = "message";
  private static final String TRACE_ID = "trace_id";

  private CheckVerdicts() {
  }

  public static Status healthy(String message) {
    return Status.OK(data(HealthStatus.HEALTHY, message));
  }

  public static Status degraded(String message) {
    return Status.KO(data(HealthStatus.DEGRADED, message));
  }

  public static Status unhealthy(String message) {
    return Status.KO(data(HealthStatus.UNHEALTHY, message));
  }

  /** The verdict naming the trace that shows why (a failed step's, say); the dashboard links to it. */
  public static Status withTrace(Status status, String traceId) {
    if (traceId != null && status.getData() != null) {
      status.getData().put(TRACE_ID, traceId);
    }
    return status;
  }

  static String traceOf(Status status) {
    JsonObject data = status == null ? null : status.getData();
    return data == null ? null : data.getString(TRACE_ID);
  }

  static HealthStatus statusOf(Status status) {
    if (status == null || status.isOk()) {
      return HealthStatus.HEALTHY;
    }
    JsonObject data = status.getData();
    return data != null && HealthStatus.DEGRADED.wireName().equals(data.getString(STATUS))
      ? HealthStatus.DEGRADED : HealthStatus.UNHEALTHY;
  }

  /** The data's message, else the data itself as text (a procedure written for plain vertx-health-check). */
  static String messageOf(Status status) {
    JsonObject data = status == null ? null : status.getData();
    if (data == null || data.isEmpty()) {
      return null;
    }
    return data.containsKey(MESSAGE) ? data.getString(MESSAGE) : data.encode();
  }

  private static JsonObject data(HealthStatus status, String message) {
    return new JsonObject().put(STATUS, status.wireName()).put(MESSAGE, message);
  }
}
