package org.taskercore.worker.cli;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.taskercore.worker.service.template.TemplateQueryService;
import org.taskercore.worker.tasks.TaskRunner;
import org.taskercore.worker.tracing.WorkerTracing;
import org.taskercore.worker.tasks.TaskTemplate;
import org.taskercore.worker.tasks.TemplateKey;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code submit <namespace>/<name>/<version> ['<json input>']}: joins the cluster, reads the
 * template from any worker, runs its steps in dependency order on the workers that serve its
 * namespace, and prints each step's outcome. Exit 0 when the task completed, 1 otherwise.
 */
final class SubmitCommand {

  private SubmitCommand() {
  }

  static int run(List<String> args, PrintStream out) {
    CliOptions options;
    TemplateKey key;
    JsonObject input;
    try {
      options = CliOptions.parse(args, Duration.ofSeconds(60));
      if (options.positional().isEmpty() || options.positional().size() > 2) {
        throw new IllegalArgumentException("give <namespace>/<name>/<version> and optionally a JSON input");
      }
      key = TemplateKey.parse(options.positional().get(0));
      input = options.positional().size() == 2 ? new JsonObject(options.positional().get(1)) : new JsonObject();
    } catch (IllegalArgumentException | DecodeException e) {
      out.println(new JsonObject().put("error", "usage").put("message", e.getMessage()
        + " (usage: submit <namespace>/<name>/<version> ['<json input>'] [--conf FILE] [--timeout 60s])").encode());
      return 2;
    }
    return ClusterClient.run(options, out, vertx -> {
      TemplateQueryService templates = TemplateQueryService.createProxy(vertx, TemplateQueryService.ADDRESS,
        options.timeout().toMillis());
      TaskRunner runner = new TaskRunner(vertx, k -> templates.get(k.namespace(), k.name(), k.version())
        .map(response -> TaskTemplate.fromJson(response.getTemplate())), WorkerTracing.OFF.tracer());
      return runner.run(key, input).map(result -> {
        out.println(result.encodePrettily());
        return "complete".equals(result.getString("status")) ? 0 : 1;
      }).recover(e -> {
        out.println(new JsonObject().put("error", "not_run").put("message", e.getMessage()).encodePrettily());
        return Future.succeededFuture(1);
      });
    });
  }
}
