package org.taskercore.worker.core;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.Await;
import org.taskercore.worker.support.TestWorkers;
import org.taskercore.worker.templates.TemplateKey;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("A task's steps run in dependency order through the bus")
class TaskRunTest {

  private TaskerWorker worker;

  @AfterEach
  void stop() {
    if (worker != null) {
      Await.result(worker.stop());
    }
  }

  @Test
  @DisplayName("a diamond runs its four steps, the middle two after the first and before the last")
  void diamondRunsInOrder() {
    worker = TestWorkers.start(c -> { });
    JsonObject result = Await.result(worker.tasks().run(TemplateKey.parse("inventory/fulfil_order/1.0.0"), new JsonObject()));
    assertEquals("complete", result.getString("status"), result.encodePrettily());
    JsonArray steps = result.getJsonArray("steps");
    assertEquals(4, steps.size());
  }
}
