package org.taskercore.worker.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.service.config.ConfigQueryService;
import org.taskercore.worker.service.config.RuntimeConfig;
import org.taskercore.worker.support.Await;
import org.taskercore.worker.support.TestWorkers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("ConfigQueryService through its proxy: nothing secret leaves")
class ConfigQueryServiceTest {

  private TaskerWorker worker;

  @AfterEach
  void stop() {
    Await.result(worker.stop());
  }

  @Test
  @DisplayName("canaries in a nested table, an array, a URL and a plain key never appear; each path is listed")
  void canariesNeverLeave() {
    worker = TestWorkers.start(c -> c
      .set("worker.credentials", new JsonObject().put("user", "svc").put("pass", "canary-table"))
      .set("worker.web.auth.api_keys", new JsonArray().add("canary-array-1").add("canary-array-2"))
      .set("worker.mirrors", new JsonArray().add("https://127.0.0.1/ok").add("https://bob:canary-url@127.0.0.1/x"))
      .set("worker.upstream", "amqp://svc:canary-url-2@127.0.0.1:5672/vhost")
      .set("worker.jwt_secret", "canary-plain")
      .set("common.vault.token", "canary-common"));
    for (String address : new String[] {ConfigQueryService.ADDRESS, ConfigQueryService.addressOf(worker.workerId())}) {
      RuntimeConfig runtime = Await.result(ConfigQueryService.createProxy(worker.vertx(), address, 5_000).runtime());
      String json = runtime.toJson().encode();
      assertThat(json).doesNotContain("canary");
      assertThat(runtime.getMetadata().getRedactedFields()).contains("worker.credentials", "worker.web.auth.api_keys",
        "worker.mirrors[1]", "worker.upstream", "worker.jwt_secret", "common.vault.token");
      assertEquals("***REDACTED***", runtime.getWorker().getValue("credentials"), "the whole table is replaced");
      assertEquals("X-API-Key", runtime.getWorker().getJsonObject("web").getJsonObject("auth").getString("api_key_header"),
        "a name that only describes a secret stays visible");
      assertEquals("https://127.0.0.1/ok", runtime.getWorker().getJsonArray("mirrors").getString(0));
      assertEquals("test", runtime.getEnvironment());
      assertThat(runtime.getMetadata().getSource()).contains("conf/base/worker.toml", "values set in code");
      assertEquals(java.util.Set.of("environment", "common", "worker", "cluster", "metrics", "metadata"), runtime.toJson().fieldNames());
    }
    assertEquals("test", Await.result(ConfigQueryService.createProxy(worker.vertx(), ConfigQueryService.ADDRESS, 5_000).environment()));
  }

  @Test
  @DisplayName("whitelist mode shows only the listed keys, still redacted; disabled mode answers 403")
  void exposureModes() {
    worker = TestWorkers.start(c -> c.set("worker.config_exposure.mode", "whitelist")
      .set("worker.config_exposure.whitelist", new JsonArray().add("worker.steps").add("worker.jwt_secret"))
      .set("worker.jwt_secret", "canary-plain"));
    RuntimeConfig runtime = Await.result(ConfigQueryService.createProxy(worker.vertx(), ConfigQueryService.ADDRESS, 5_000).runtime());
    assertEquals(java.util.Set.of("steps", "jwt_secret"), runtime.getWorker().fieldNames());
    assertThat(runtime.toJson().encode()).doesNotContain("canary");
    Await.result(worker.stop());

    worker = TestWorkers.start(c -> c.set("worker.config_exposure.mode", "disabled"));
    ServiceException denied = (ServiceException) Await.failure(
      ConfigQueryService.createProxy(worker.vertx(), ConfigQueryService.ADDRESS, 5_000).runtime());
    assertEquals(403, denied.failureCode());
  }
}
