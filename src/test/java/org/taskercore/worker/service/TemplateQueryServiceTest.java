package org.taskercore.worker.service;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.service.template.CacheOperationResult;
import org.taskercore.worker.service.template.TemplateList;
import org.taskercore.worker.service.template.TemplateQueryService;
import org.taskercore.worker.service.template.TemplateResponse;
import org.taskercore.worker.service.template.TemplateValidation;
import org.taskercore.worker.support.Await;
import org.taskercore.worker.support.TestWorkers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("TemplateQueryService through its proxy and raw action messages")
class TemplateQueryServiceTest {

  static TaskerWorker worker;
  static TemplateQueryService shared;
  static TemplateQueryService own;

  @BeforeAll
  static void start() {
    worker = TestWorkers.start(c -> c.set("worker.templates.search_paths",
      new JsonArray().add("conf/templates/**/*.yaml").add("src/test/resources/templates/**/*.yaml")));
    shared = TemplateQueryService.createProxy(worker.vertx(), TemplateQueryService.ADDRESS, 5_000);
    own = TemplateQueryService.createProxy(worker.vertx(), TemplateQueryService.addressOf(worker.workerId()), 5_000);
  }

  @AfterAll
  static void stop() {
    Await.result(worker.stop());
  }

  @Test
  @DisplayName("list: every template with its step count; cache stats only when asked")
  void list() {
    TemplateList plain = Await.result(shared.list(false));
    assertThat(plain.getTemplateCount()).isEqualTo(8);
    assertThat(plain.getSupportedNamespaces()).containsExactly("inventory", "notifications", "payments", "testing");
    assertFalse(plain.toJson().containsKey("cache_stats"));
    JsonObject diamond = plain.toJson().getJsonArray("templates").stream().map(JsonObject.class::cast)
      .filter(t -> t.getString("name").equals("fulfil_order")).findFirst().orElseThrow();
    assertEquals(new JsonObject().put("namespace", "inventory").put("name", "fulfil_order").put("version", "1.0.0")
      .put("step_count", 4), diamond);
    assertThat(plain.getWorkerCapabilities()).contains("inventory.PickItems");
    TemplateList withStats = Await.result(own.list(true));
    assertThat(withStats.toJson().getJsonObject("cache_stats").fieldNames())
      .containsExactlyInAnyOrder("total_entries", "hits", "misses", "evictions", "last_maintenance");
  }

  @Test
  @DisplayName("get: the full template and its own cache entry; 404 unknown; 400 hostile segments")
  void get() {
    Await.result(shared.clearCache());
    TemplateResponse first = Await.result(own.get("payments", "process_payment", "1.0.0"));
    assertFalse(first.isCached());
    assertEquals("process_payment", first.getTemplate().getString("name"));
    assertEquals(3, first.getTemplate().getJsonArray("steps").size());
    assertEquals("payments.ChargeCard",
      first.getHandlerMetadata().getJsonObject("steps").getJsonObject("charge_card").getString("callable"));
    TemplateResponse second = Await.result(shared.get("payments", "process_payment", "1.0.0"));
    assertTrue(second.isCached());
    assertEquals(2, second.getAccessCount());
    assertEquals(java.util.Set.of("template", "handler_metadata", "cached", "cache_age_seconds", "access_count"),
      second.toJson().fieldNames());

    ServiceException missing = (ServiceException) Await.failure(shared.get("payments", "nothing", "1.0.0"));
    assertEquals(404, missing.failureCode());
    assertEquals("template not found: payments/nothing/1.0.0", missing.getMessage());
    for (String hostile : new String[] {"../etc", "..", ".", "a/b", "", "x".repeat(300), "na me", "ünï", "a\u0000b"}) {
      ServiceException bad = (ServiceException) Await.failure(shared.get(hostile, "process_payment", "1.0.0"));
      assertEquals(400, bad.failureCode(), hostile);
      assertThat(bad.getMessage()).startsWith("invalid namespace");
    }
    assertEquals(400, ((ServiceException) Await.failure(shared.get("payments", "process_payment", "../1"))).failureCode());
  }

  @Test
  @DisplayName("validate: a sound template is valid; a broken one lists every issue; 404 unknown")
  void validate() {
    TemplateValidation sound = Await.result(shared.validate("inventory", "fulfil_order", "1.0.0"));
    assertTrue(sound.isValid());
    assertEquals(4, sound.getHandlerCount());
    assertThat(sound.getIssues()).isEmpty();

    TemplateValidation broken = Await.result(own.validate("testing", "invalid", "1.0.0"));
    assertFalse(broken.isValid());
    assertThat(broken.getIssues()).hasSize(3)
      .anyMatch(i -> i.contains("'nobody.Registered' is not registered"))
      .anyMatch(i -> i.contains("'test.Record' is not registered"))
      .anyMatch(i -> i.contains("dependency cycle"));
    assertEquals(404, ((ServiceException) Await.failure(shared.validate("testing", "gone", "1.0.0"))).failureCode());
  }

  @Test
  @DisplayName("cache operations: stats, clear counts evictions, maintain stamps its time, refresh never fails")
  void cacheOperations() {
    Await.result(shared.get("inventory", "fulfil_order", "1.0.0"));
    long evictionsBefore = Await.result(shared.cacheStats()).getEvictions();
    int entries = Await.result(shared.cacheStats()).getTotalEntries();
    CacheOperationResult cleared = Await.result(shared.clearCache());
    assertEquals("clear", cleared.getOperation());
    assertTrue(cleared.isSuccess());
    assertEquals(evictionsBefore + entries, cleared.getCacheStats().getEvictions());
    assertEquals(0, cleared.getCacheStats().getTotalEntries());

    CacheOperationResult maintained = Await.result(own.maintainCache());
    assertThat(maintained.getCacheStats().getLastMaintenance()).isNotNull();

    CacheOperationResult refreshed = Await.result(shared.refresh("inventory", "fulfil_order", "1.0.0"));
    assertTrue(refreshed.isSuccess(), refreshed.getMessage());
    CacheOperationResult missing = Await.result(shared.refresh("inventory", "nothing", "9.9.9"));
    assertFalse(missing.isSuccess());
    assertEquals("template not found: inventory/nothing/9.9.9", missing.getMessage());
    assertEquals(400, ((ServiceException) Await.failure(shared.refresh("..", "x", "1.0.0"))).failureCode());
  }

  @Test
  @DisplayName("a raw message with header action reaches the same code; bad actions and arguments get 400")
  void rawActionMessages() {
    JsonObject args = new JsonObject().put("namespace", "inventory").put("name", "fulfil_order").put("version", "1.0.0");
    JsonObject raw = Await.result(worker.vertx().eventBus().<JsonObject>request(TemplateQueryService.ADDRESS, args,
      new DeliveryOptions().addHeader("action", "validate"))).body();
    assertEquals(Await.result(shared.validate("inventory", "fulfil_order", "1.0.0")).toJson(), raw);

    ReplyException unknown = (ReplyException) Await.failure(worker.vertx().eventBus().request(TemplateQueryService.ADDRESS,
      new JsonObject(), new DeliveryOptions().addHeader("action", "dropTables")));
    assertEquals(400, unknown.failureCode());
    assertThat(unknown.getMessage()).contains("unknown action 'dropTables'", "list", "refresh");

    ReplyException noAction = (ReplyException) Await.failure(worker.vertx().eventBus().request(TemplateQueryService.ADDRESS,
      new JsonObject()));
    assertEquals(400, noAction.failureCode());

    ReplyException wrongType = (ReplyException) Await.failure(worker.vertx().eventBus().request(TemplateQueryService.ADDRESS,
      new JsonObject().put("includeCacheStats", "yes"), new DeliveryOptions().addHeader("action", "list")));
    assertEquals(400, wrongType.failureCode());
    assertThat(wrongType.getMessage()).contains("includeCacheStats", "true or false");

    ReplyException missingArgs = (ReplyException) Await.failure(worker.vertx().eventBus().request(TemplateQueryService.ADDRESS,
      null, new DeliveryOptions().addHeader("action", "get")));
    assertEquals(400, missingArgs.failureCode());
    assertThat(missingArgs.getMessage()).contains("needs a JSON object body");
  }
}
