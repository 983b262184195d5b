package org.taskercore.worker.samples;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.taskercore.worker.core.StepContext;
import org.taskercore.worker.core.StepHandler;
import org.taskercore.worker.core.StepHandlerProvider;

import java.util.ArrayList;
import java.util.List;

/**
 * Handlers for the sample templates in {@code conf/templates}. The task input steers them, so a
 * demo or a test can make any step fail, fail its first attempts, or be slow:
 * {@code {"fail_steps": ["charge_card"], "flaky_steps": {"pick_items": 2}, "slow_steps": {"ship_order": 1500}}}.
 */
public final class SampleHandlers implements StepHandlerProvider {

  public static final List<String> CALLABLES = List.of(
    "payments.ValidateOrder", "payments.ChargeCard", "payments.SendReceipt",
    "inventory.ReserveStock", "inventory.PickItems", "inventory.PrintLabel", "inventory.ShipOrder",
    "notifications.Render", "notifications.Deliver");

  @Override
  public List<StepHandler> handlers() {
    return CALLABLES.stream().<StepHandler>map(SampleStep::new).toList();
  }

  /** One sample handler: echoes what it saw, unless the input asks it to misbehave. */
  static final class SampleStep implements StepHandler {
    private final String callable;

    SampleStep(String callable) {
      this.callable = callable;
    }

    @Override
    public String callable() {
      return callable;
    }

    @Override
    public Future<JsonObject> handle(StepContext context) {
      JsonObject input = context.input();
      String step = context.stepName();
      if (input.getJsonArray("fail_steps", new JsonArray()).contains(step)) {
        return Future.failedFuture(step + " failed as the input asked");
      }
      int flaky = input.getJsonObject("flaky_steps", new JsonObject()).getInteger(step, 0);
      if (context.attempt() <= flaky) {
        return Future.failedFuture(step + " attempt " + context.attempt() + " failed as the input asked");
      }
      JsonObject output = new JsonObject().put("handled_by", callable).put("step", step)
        .put("attempt", context.attempt()).put("saw", new JsonArray(new ArrayList<>(context.dependencyResults().fieldNames())));
      long slowMs = input.getJsonObject("slow_steps", new JsonObject()).getLong(step, 0L);
      if (slowMs <= 0) {
        return Future.succeededFuture(output);
      }
      Promise<JsonObject> later = Promise.promise();
      context.vertx().setTimer(slowMs, t -> later.complete(output));
      return later.future();
    }
  }
}
