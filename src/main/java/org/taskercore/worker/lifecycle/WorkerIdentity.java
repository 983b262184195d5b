package org.taskercore.worker.lifecycle;

import java.util.List;

/**
 * Who a worker is, as its answers and its directory entry describe it: id, mode, environment
 * and the namespaces it serves.
 */
public record WorkerIdentity(String workerId, WorkerMode mode, String environment, List<String> namespaces) {

  /** The implementation label of {@code tasker_worker_info} and {@code system_info.worker_type}. */
  public static final String WORKER_TYPE = "vertx-java";

  public WorkerIdentity {
    namespaces = List.copyOf(namespaces);
  }

  public String version() {
    return BuildInfo.VERSION;
  }
}
