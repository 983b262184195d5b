package org.taskercore.worker.service.config;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.taskercore.worker.config.DottedKeys;
import org.taskercore.worker.config.Redactor;
import org.taskercore.worker.config.TaskerConfig;
import org.taskercore.worker.protocol.FailureCodes;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configuration service of one worker: its loaded configuration, redacted. */
public final class ConfigQueryServiceImpl implements ConfigQueryService {

  /** Every section of the configuration file, each redacted the same way. */
  private static final List<String> SECTIONS = List.of("common", "worker", "cluster", "metrics", "observability");

  private final TaskerConfig config;

  public ConfigQueryServiceImpl(TaskerConfig config) {
    this.config = config;
  }

  @Override
  public Future<RuntimeConfig> runtime() {
    TaskerConfig.ConfigExposure exposure = config.worker().configExposure();
    if ("disabled".equals(exposure.mode())) {
      return ServiceException.fail(FailureCodes.FORBIDDEN,
        "configuration exposure is disabled (worker.config_exposure.mode = \"disabled\")");
    }
    JsonObject shown = "whitelist".equals(exposure.mode())
      ? whitelisted(config.tree(), exposure.whitelist()) : config.tree();
    List<String> redacted = new ArrayList<>();
    Map<String, JsonObject> sections = new LinkedHashMap<>();
    for (String section : SECTIONS) {
      Redactor.Result result = Redactor.redact(shown.getJsonObject(section, new JsonObject()), section);
      sections.put(section, result.tree());
      redacted.addAll(result.redactedPaths());
    }
    return Future.succeededFuture(new RuntimeConfig()
      .setEnvironment(config.environment())
      .setCommon(sections.get("common"))
      .setWorker(sections.get("worker"))
      .setCluster(sections.get("cluster"))
      .setMetrics(sections.get("metrics"))
      .setObservability(sections.get("observability"))
      .setMetadata(new ConfigMetadata()
        .setTimestamp(Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
        .setSource(String.join(" + ", config.layers()))
        .setRedactedFields(redacted)));
  }

  @Override
  public Future<String> environment() {
    return Future.succeededFuture(config.environment());
  }

  /** Only the listed dotted keys (a table's key keeps the whole table). */
  static JsonObject whitelisted(JsonObject tree, List<String> keys) {
    JsonObject out = new JsonObject();
    for (String key : keys) {
      Object value = DottedKeys.get(tree, key);
      if (value != null) {
        DottedKeys.put(out, key, value instanceof JsonObject table ? table.copy() : value);
      }
    }
    return out;
  }
}
