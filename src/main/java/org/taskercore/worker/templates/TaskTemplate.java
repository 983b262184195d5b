package org.taskercore.worker.templates;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/** A task template as written in YAML (DESIGN §6). */
public record TaskTemplate(
  String name,
  @JsonProperty("namespace_name") String namespaceName,
  String version,
  String description,
  Map<String, Object> metadata,
  @JsonProperty("input_schema") Map<String, Object> inputSchema,
  List<StepDefinition> steps) {

  public TaskTemplate {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  public TemplateKey key() {
    return new TemplateKey(namespaceName, name, version);
  }

  public StepDefinition step(String stepName) {
    return steps.stream().filter(s -> s.name().equals(stepName)).findFirst().orElse(null);
  }

  public record StepDefinition(
    String name,
    String description,
    HandlerSpec handler,
    List<String> dependencies,
    RetryPolicy retry,
    @JsonProperty("timeout_seconds") Integer timeoutSeconds,
    @JsonProperty("publishes_events") List<EventDeclaration> publishesEvents) {

    public StepDefinition {
      dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
      publishesEvents = publishesEvents == null ? List.of() : List.copyOf(publishesEvents);
      retry = retry == null ? RetryPolicy.NONE : retry;
    }

    public String callable() {
      return handler == null ? null : handler.callable();
    }
  }

  public record HandlerSpec(String callable, Map<String, Object> initialization) {
  }

  /** {@code backoff} is {@code exponential}, {@code linear} or {@code fixed}. */
  public record RetryPolicy(
    Boolean retryable,
    @JsonProperty("max_attempts") Integer maxAttempts,
    String backoff,
    @JsonProperty("backoff_base_ms") Long backoffBaseMs,
    @JsonProperty("max_backoff_ms") Long maxBackoffMs) {

    static final RetryPolicy NONE = new RetryPolicy(false, 1, "fixed", 0L, 0L);

    public int attempts() {
      return Boolean.TRUE.equals(retryable) && maxAttempts != null ? Math.max(1, maxAttempts) : 1;
    }

    /** Delay before attempt {@code next} (2 for the first retry). */
    public long delayBeforeAttempt(int next) {
      long base = backoffBaseMs == null ? 100 : backoffBaseMs;
      long cap = maxBackoffMs == null ? 30_000 : maxBackoffMs;
      int retryIndex = next - 1;
      long delay = switch (backoff == null ? "exponential" : backoff) {
        case "fixed" -> base;
        case "linear" -> base * retryIndex;
        default -> base * (1L << Math.min(20, retryIndex - 1));
      };
      return Math.min(cap, delay);
    }
  }

  /** {@code condition}: success, failure or always; {@code delivery_mode}: durable, fast or broadcast. */
  public record EventDeclaration(
    String name,
    String condition,
    @JsonProperty("delivery_mode") String deliveryMode,
    Map<String, Object> schema) {
  }
}
