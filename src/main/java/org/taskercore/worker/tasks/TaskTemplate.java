package org.taskercore.worker.tasks;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/** A task template as written in YAML: its steps, their dependencies, retries and timeouts. */
public record TaskTemplate(
  String name,
  @JsonProperty("namespace_name") String namespaceName,
  String version,
  String description,
  Map<String, Object> metadata,
  @JsonProperty("input_schema") Map<String, Object> inputSchema,
  List<StepDefinition> steps) {

  private static final int DEFAULT_TIMEOUT_SECONDS = 30;
  private static final ObjectMapper JSON = JsonMapper.builder()
    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public TaskTemplate {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  /** A template from its JSON form, as the template service answers it. */
  public static TaskTemplate fromJson(JsonObject json) {
    try {
      return JSON.readValue(json.encode(), TaskTemplate.class); // nested Vert.x types need the text
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("template JSON does not describe a template: " + e.getOriginalMessage());
    }
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

    /** The step's timeout, {@code timeout_seconds} or 30 s when unset. */
    public long timeoutMillis() {
      return (timeoutSeconds == null || timeoutSeconds <= 0 ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds) * 1000L;
    }

    /** How long a caller waits for the step's reply at most: every attempt, every back-off, plus {@code queueSlackMs}. */
    public long replyBoundMillis(long queueSlackMs) {
      int attempts = retry.attempts();
      return timeoutMillis() * attempts + retry.delayBeforeAttempt(attempts) * attempts + queueSlackMs;
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
