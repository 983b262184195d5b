package org.taskercore.worker.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.taskercore.worker.config.TaskerConfig;
import org.taskercore.worker.core.HandlerRegistry;
import org.taskercore.worker.core.StepExecutor;
import org.taskercore.worker.core.WorkerLifecycle;
import org.taskercore.worker.events.EventRouter;
import org.taskercore.worker.health.HealthRegistry;
import org.taskercore.worker.templates.TemplateCache;
import org.taskercore.worker.templates.TemplateValidator;

import java.util.List;

/**
 * Everything the services describe about one running worker (the original's WorkerWebState):
 * built once by the worker at start and handed to each service.
 */
public record WorkerState(
  TaskerConfig config,
  String workerId,
  WorkerMode mode,
  List<String> namespaces,
  WorkerLifecycle lifecycle,
  HandlerRegistry handlers,
  TemplateCache templates,
  TemplateValidator validator,
  StepExecutor executor,
  EventRouter events,
  HealthRegistry health,
  PrometheusMeterRegistry registry) {

  /** The implementation label of {@code tasker_worker_info} and {@code system_info.worker_type}. */
  public static final String WORKER_TYPE = "vertx-java";

  public String environment() {
    return config.environment();
  }
}
