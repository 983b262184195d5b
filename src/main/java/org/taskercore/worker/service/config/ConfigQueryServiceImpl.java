package org.taskercore.worker.service.config;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.taskercore.worker.config.DottedKeys;
import org.taskercore.worker.config.Redactor;
import org.taskercore.worker.config.TaskerConfig;
import org.taskercore.worker.core.FailureCodes;
import org.taskercore.worker.runtime.WorkerState;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

final class ConfigQueryServiceImpl implements ConfigQueryService {

  private final WorkerState state;

  ConfigQueryServiceImpl(WorkerState state) {
    this.state = state;
  }

  @Override
  public Future<RuntimeConfig> runtime() {
    TaskerConfig config = state.config();
    TaskerConfig.ConfigExposure exposure = config.worker().configExposure();
    if ("disabled".equals(exposure.mode())) {
      return ServiceException.fail(FailureCodes.FORBIDDEN,
        "configuration exposure is disabled (worker.config_exposure.mode = \"disabled\")");
    }
    JsonObject shown = "whitelist".equals(exposure.mode())
      ? whitelisted(config.tree(), exposure.whitelist()) : config.tree();
    Redactor.Result common = Redactor.redact(shown.getJsonObject("common", new JsonObject()), "common");
    Redactor.Result worker = Redactor.redact(shown.getJsonObject("worker", new JsonObject()), "worker");
    List<String> redacted = new ArrayList<>(common.redactedPaths());
    redacted.addAll(worker.redactedPaths());
    return Future.succeededFuture(new RuntimeConfig()
      .setEnvironment(config.environment())
      .setCommon(common.tree())
      .setWorker(worker.tree())
      .setMetadata(new ConfigMetadata()
        .setTimestamp(Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
        .setSource(String.join(" + ", config.layers()))
        .setRedactedFields(redacted)));
  }

  @Override
  public Future<String> environment() {
    return Future.succeededFuture(state.environment());
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
