package org.taskercore.worker.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.config.ConfigLoader;
import org.taskercore.worker.service.config.ConfigQueryService;
import org.taskercore.worker.support.WorkerUnderTest;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@DisplayName("ConfigQueryService through its proxy: nothing secret leaves")
class ConfigQueryServiceTest {

  @RegisterExtension
  final WorkerUnderTest workers = WorkerUnderTest.perTest();

  private Future<ConfigQueryService> started(Consumer<ConfigLoader> config) {
    return workers.start(config).map(w -> {
      return ConfigQueryService.createProxy(w.vertx(), ConfigQueryService.ADDRESS, 5_000);
    });
  }

  @Test
  @DisplayName("canaries in a nested table, an array, a URL and a plain key never appear; each path is listed")
  void canariesNeverLeave(VertxTestContext ctx) {
    started(c -> c
      .set("common.credentials", new JsonObject().put("user", "svc").put("pass", "canary-table"))
      .set("worker.web.auth.api_keys", new JsonArray().add("canary-array-key-1-0123").add("canary-array-key-2-0123"))
      .set("common.mirrors", new JsonArray().add("https://127.0.0.1/ok").add("https://bob:canary-url@127.0.0.1/x"))
      .set("common.upstream", "amqp://svc:canary-url-2@127.0.0.1:5672/vhost")
      .set("common.jwt_secret", "canary-plain")
      .set("common.vault.token", "canary-common")
      .set("observability.tracing.endpoint", "http://svc:canary-otlp@127.0.0.1:4318/v1/traces"))
      .compose(shared -> Future.all(List.of(ConfigQueryService.ADDRESS, ConfigQueryService.addressOf(workers.worker().workerId())).stream()
        .map(address -> ConfigQueryService.createProxy(workers.worker().vertx(), address, 5_000).runtime()
          .onComplete(ctx.succeeding(runtime -> ctx.verify(() -> {
            assertThat(runtime.toJson().encode()).doesNotContain("canary");
            assertThat(runtime.getMetadata().getRedactedFields()).contains("common.credentials", "worker.web.auth.api_keys",
              "common.mirrors[1]", "common.upstream", "common.jwt_secret", "common.vault.token",
              "observability.tracing.endpoint");
            assertEquals("***REDACTED***", runtime.getCommon().getValue("credentials"), "the whole table is replaced");
            assertEquals("X-API-Key", runtime.getWorker().getJsonObject("web").getJsonObject("auth").getString("api_key_header"),
              "a name that only describes a secret stays visible");
            assertEquals("https://127.0.0.1/ok", runtime.getCommon().getJsonArray("mirrors").getString(0));
            assertEquals("test", runtime.getEnvironment());
            assertThat(runtime.getMetadata().getSource()).contains("conf/base/worker.toml", "values set in code");
            assertEquals(Set.of("environment", "common", "worker", "cluster", "metrics", "observability", "metadata"), runtime.toJson().fieldNames());
          })))).toList())
        .compose(v -> shared.environment()))
      .onComplete(ctx.succeeding(environment -> ctx.verify(() -> {
        assertEquals("test", environment);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("whitelist mode shows only the listed keys, still redacted")
  void whitelist(VertxTestContext ctx) {
    started(c -> c.set("worker.config_exposure.mode", "whitelist")
      .set("worker.config_exposure.whitelist", new JsonArray().add("worker.steps").add("worker.web.auth.api_keys"))
      .set("worker.web.auth.api_keys", new JsonArray().add("canary-plain-key-0123456789")))
      .compose(ConfigQueryService::runtime)
      .onComplete(ctx.succeeding(runtime -> ctx.verify(() -> {
        assertEquals(Set.of("steps", "web"), runtime.getWorker().fieldNames());
        assertThat(runtime.toJson().encode()).doesNotContain("canary");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("disabled mode answers 403")
  void disabled(VertxTestContext ctx) {
    started(c -> c.set("worker.config_exposure.mode", "disabled"))
      .compose(ConfigQueryService::runtime)
      .onComplete(ctx.failing(denied -> ctx.verify(() -> {
        assertEquals(403, ((ServiceException) denied).failureCode());
        ctx.completeNow();
      })));
  }
}
