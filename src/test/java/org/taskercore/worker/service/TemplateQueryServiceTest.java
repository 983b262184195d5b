package org.taskercore.worker.service;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taskercore.worker.service.template.CacheStats;
import org.taskercore.worker.service.template.TemplateQueryService;
import org.taskercore.worker.support.WorkerUnderTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@DisplayName("TemplateQueryService through its proxy and raw action messages")
class TemplateQueryServiceTest {

  @RegisterExtension
  static final WorkerUnderTest WORKER = WorkerUnderTest.forClass(c -> c.set("worker.templates.search_paths",
    new JsonArray().add("conf/templates/**/*.yaml").add("src/test/resources/templates/**/*.yaml")));

  @Test
  @DisplayName("list: every template with its step count; cache stats only when asked")
  void list(VertxTestContext ctx) {
    WORKER.shared().templates().list(false).onComplete(ctx.succeeding(plain -> ctx.verify(() -> {
      assertThat(plain.getTemplateCount()).isEqualTo(8);
      assertThat(plain.getSupportedNamespaces()).containsExactly("inventory", "notifications", "payments", "testing");
      assertFalse(plain.toJson().containsKey("cache_stats"));
      JsonObject diamond = plain.toJson().getJsonArray("templates").stream().map(JsonObject.class::cast)
        .filter(t -> t.getString("name").equals("fulfil_order")).findFirst().orElseThrow();
      assertEquals(new JsonObject().put("namespace", "inventory").put("name", "fulfil_order").put("version", "1.0.0")
        .put("step_count", 4), diamond);
      assertThat(plain.getWorkerCapabilities()).contains("inventory.PickItems");
    }))).compose(v -> WORKER.own().templates().list(true)).onComplete(ctx.succeeding(withStats -> ctx.verify(() -> {
      assertThat(withStats.toJson().getJsonObject("cache_stats").fieldNames())
        .containsExactlyInAnyOrder("total_entries", "hits", "misses", "evictions", "last_maintenance");
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("list reads the store's index and leaves the cache alone: get's counters stay its own")
  void listLeavesTheCacheAlone(VertxTestContext ctx) {
    List<CacheStats> seen = new ArrayList<>();
    WORKER.shared().templates().clearCache()
      .compose(v -> WORKER.shared().templates().get("payments", "process_payment", "1.0.0"))
      .compose(v -> WORKER.shared().templates().cacheStats()).map(seen::add)
      .compose(v -> WORKER.shared().templates().list(false)).compose(v -> WORKER.shared().templates().list(true))
      .compose(v -> WORKER.shared().templates().cacheStats()).map(seen::add)
      .compose(v -> WORKER.shared().templates().get("payments", "process_payment", "1.0.0"))
      .onComplete(ctx.succeeding(second -> ctx.verify(() -> {
        CacheStats before = seen.get(0);
        CacheStats after = seen.get(1);
        assertEquals(before.getHits(), after.getHits(), "listing counted no hit");
        assertEquals(before.getMisses(), after.getMisses(), "listing counted no miss");
        assertEquals(1, after.getTotalEntries(), "listing loaded nothing into the cache");
        assertEquals(2, second.getAccessCount(), "the entry's access count is get's alone");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("get: the full template and its own cache entry; 404 unknown; 400 hostile segments")
  void get(VertxTestContext ctx) {
    WORKER.shared().templates().clearCache()
      .compose(v -> WORKER.own().templates().get("payments", "process_payment", "1.0.0"))
      .onComplete(ctx.succeeding(first -> ctx.verify(() -> {
        assertFalse(first.isCached());
        assertEquals("process_payment", first.getTemplate().getString("name"));
        assertEquals(3, first.getTemplate().getJsonArray("steps").size());
        assertEquals("payments.ChargeCard",
          first.getHandlerMetadata().getJsonObject("steps").getJsonObject("charge_card").getString("callable"));
      })))
      .compose(v -> WORKER.shared().templates().get("payments", "process_payment", "1.0.0"))
      .onComplete(ctx.succeeding(second -> ctx.verify(() -> {
        assertTrue(second.isCached());
        assertEquals(2, second.getAccessCount());
        assertEquals(Set.of("template", "handler_metadata", "cached", "cache_age_seconds", "access_count"),
          second.toJson().fieldNames());
      })))
      .compose(v -> WORKER.shared().templates().get("payments", "nothing", "1.0.0"))
      .onComplete(ctx.failing(missing -> ctx.verify(() -> {
        assertEquals(404, ((ServiceException) missing).failureCode());
        assertEquals("template not found: payments/nothing/1.0.0", missing.getMessage());
      })))
      .<Object>recover(v -> {
        List<Future<?>> refused = new ArrayList<>();
        for (String hostile : new String[] {"../etc", "..", ".", "a/b", "", "x".repeat(300), "na me", "ünï", "a\u0000b"}) {
          refused.add(WORKER.shared().templates().get(hostile, "process_payment", "1.0.0").onComplete(ctx.failing(bad -> ctx.verify(() -> {
            assertEquals(400, ((ServiceException) bad).failureCode(), hostile);
            assertThat(bad.getMessage()).startsWith("invalid namespace");
          }))));
        }
        refused.add(WORKER.shared().templates().get("payments", "process_payment", "../1").onComplete(ctx.failing(bad ->
          ctx.verify(() -> assertEquals(400, ((ServiceException) bad).failureCode())))));
        return Future.join(refused).map(all -> null);
      })
      .onComplete(v -> ctx.completeNow());
  }

  @Test
  @DisplayName("validate: a sound template is valid; a broken one lists every issue; 404 unknown")
  void validate(VertxTestContext ctx) {
    WORKER.shared().templates().validate("inventory", "fulfil_order", "1.0.0").onComplete(ctx.succeeding(sound -> ctx.verify(() -> {
      assertTrue(sound.isValid());
      assertEquals(4, sound.getHandlerCount());
      assertThat(sound.getIssues()).isEmpty();
    }))).compose(v -> WORKER.own().templates().validate("testing", "invalid", "1.0.0")).onComplete(ctx.succeeding(broken -> ctx.verify(() -> {
      assertFalse(broken.isValid());
      assertThat(broken.getIssues()).hasSize(3)
        .anyMatch(i -> i.contains("'nobody.Registered' is not registered"))
        .anyMatch(i -> i.contains("'test.Record' is not registered"))
        .anyMatch(i -> i.contains("dependency cycle"));
    }))).compose(v -> WORKER.shared().templates().validate("testing", "gone", "1.0.0")).onComplete(ctx.failing(missing -> ctx.verify(() -> {
      assertEquals(404, ((ServiceException) missing).failureCode());
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("cache operations: stats, clear counts evictions, maintain stamps its time, refresh never fails")
  void cacheOperations(VertxTestContext ctx) {
    WORKER.shared().templates().get("inventory", "fulfil_order", "1.0.0")
      .compose(v -> WORKER.shared().templates().cacheStats())
      .compose(before -> WORKER.shared().templates().clearCache().onComplete(ctx.succeeding(cleared -> ctx.verify(() -> {
        assertEquals("clear", cleared.getOperation());
        assertTrue(cleared.isSuccess());
        assertEquals(before.getEvictions() + before.getTotalEntries(), cleared.getCacheStats().getEvictions());
        assertEquals(0, cleared.getCacheStats().getTotalEntries());
      }))))
      .compose(v -> WORKER.own().templates().maintainCache()).onComplete(ctx.succeeding(maintained -> ctx.verify(() ->
        assertThat(maintained.getCacheStats().getLastMaintenance()).isNotNull())))
      .compose(v -> WORKER.shared().templates().refresh("inventory", "fulfil_order", "1.0.0")).onComplete(ctx.succeeding(refreshed ->
        ctx.verify(() -> assertTrue(refreshed.isSuccess(), refreshed.getMessage()))))
      .compose(v -> WORKER.shared().templates().refresh("inventory", "nothing", "9.9.9")).onComplete(ctx.succeeding(missing -> ctx.verify(() -> {
        assertFalse(missing.isSuccess());
        assertEquals("template not found: inventory/nothing/9.9.9", missing.getMessage());
      })))
      .compose(v -> WORKER.shared().templates().refresh("..", "x", "1.0.0")).onComplete(ctx.failing(bad -> ctx.verify(() -> {
        assertEquals(400, ((ServiceException) bad).failureCode());
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a raw message with header action reaches the same code; bad actions and arguments get 400")
  void rawActionMessages(VertxTestContext ctx) {
    JsonObject args = new JsonObject().put("namespace", "inventory").put("name", "fulfil_order").put("version", "1.0.0");
    raw("validate", args).compose(raw -> WORKER.shared().templates().validate("inventory", "fulfil_order", "1.0.0")
        .onComplete(ctx.succeeding(typed -> ctx.verify(() -> assertEquals(typed.toJson(), raw)))))
      .compose(v -> raw("dropTables", new JsonObject())).onComplete(ctx.failing(unknown -> ctx.verify(() -> {
        assertEquals(400, ((ReplyException) unknown).failureCode());
        assertThat(unknown.getMessage()).contains("unknown action 'dropTables'", "list", "refresh");
      })))
      .recover(v -> WORKER.worker().vertx().eventBus().<JsonObject>request(TemplateQueryService.ADDRESS, new JsonObject())
        .map(reply -> reply.body()))
      .onComplete(ctx.failing(noAction -> ctx.verify(() -> assertEquals(400, ((ReplyException) noAction).failureCode()))))
      .recover(v -> raw("list", new JsonObject().put("include_cache_stats", "yes")))
      .onComplete(ctx.failing(wrongType -> ctx.verify(() -> {
        assertEquals(400, ((ReplyException) wrongType).failureCode());
        assertThat(wrongType.getMessage()).contains("include_cache_stats", "true or false");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("raw bodies: snake_case names; a missing flag takes its default; a missing string is 400 naming it")
  void rawDefaultsAndSnakeCase(VertxTestContext ctx) {
    raw("list", new JsonObject()).onComplete(ctx.succeeding(plain -> ctx.verify(() -> {
      assertEquals(8, plain.getInteger("template_count"), "list with {} answers, include_cache_stats false");
      assertFalse(plain.containsKey("cache_stats"));
    })))
      .compose(v -> raw("list", new JsonObject().put("include_cache_stats", true)))
      .onComplete(ctx.succeeding(withStats -> ctx.verify(() -> assertTrue(withStats.containsKey("cache_stats")))))
      .compose(v -> raw("get", new JsonObject().put("namespace", "payments").put("name", "process_payment")))
      .onComplete(ctx.failing(missing -> ctx.verify(() -> {
        assertEquals(400, ((ReplyException) missing).failureCode());
        assertEquals("templates.get: argument 'version' is required", missing.getMessage());
        ctx.completeNow();
      })));
  }

  private static Future<JsonObject> raw(String action, JsonObject body) {
    return WORKER.worker().vertx().eventBus().<JsonObject>request(TemplateQueryService.ADDRESS, body,
      new DeliveryOptions().addHeader("action", action)).map(reply -> reply.body());
  }
}
