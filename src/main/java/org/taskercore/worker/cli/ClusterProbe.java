package org.taskercore.worker.cli;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.taskercore.worker.service.ServiceCatalog;
import org.taskercore.worker.service.health.HealthService;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code probe live|ready --worker ID|any}: asks the worker over the clustered bus. */
final class ClusterProbe {

  private ClusterProbe() {
  }

  static int run(ProbeCommand.ProbeArgs probe, PrintStream out) {
    CliOptions options = new CliOptions(probe.conf(), probe.timeout(), probe.workerId(), List.of());
    String id = probe.workerId().equals("any") ? null : probe.workerId();
    long started = System.nanoTime();
    AtomicBoolean printed = new AtomicBoolean();
    ByteArrayOutputStream setUp = new ByteArrayOutputStream();
    int code = ClusterClient.run(options, new PrintStream(setUp, true, StandardCharsets.UTF_8), vertx -> {
      HealthService health = HealthService.createProxy(vertx, ServiceCatalog.HEALTH.address(id), probe.timeout().toMillis());
      Future<JsonObject> answer = probe.kind().equals("live") ? health.live().map(b -> b.toJson())
        : health.ready().map(d -> d.toJson());
      return answer.map(body -> ProbeCommand.verdict(probe, 200, body, (System.nanoTime() - started) / 1_000_000, out))
        .recover(e -> {
          out.println(probe.kind() + ": unreachable (worker " + probe.workerId() + ": " + e.getMessage() + ")");
          return Future.succeededFuture(ProbeCommand.UNREACHABLE);
        })
        .onComplete(ar -> printed.set(true));
    });
    if (printed.get()) {
      return code;
    }
    if (code == ClusterClient.CONFIGURATION) {
      out.print(setUp.toString(StandardCharsets.UTF_8));
      return ProbeCommand.USAGE;
    }
    out.println(probe.kind() + ": unreachable (could not join the cluster or no answer within "
      + probe.timeout().toMillis() + " ms)");
    return ProbeCommand.UNREACHABLE;
  }
}
