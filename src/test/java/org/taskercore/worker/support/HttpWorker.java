package org.taskercore.worker.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.config.ConfigLoader;

import java.util.function.Consumer;

/**
 * A worker in full mode on 127.0.0.1 and a free port, with an HTTP client on the test's own
 * Vert.x (idle timeout set, so a hung request fails the test instead of stalling it).
 */
public record HttpWorker(TaskerWorker worker, WebClient http) {

  public static Future<HttpWorker> starting(Vertx client, Consumer<ConfigLoader> overrides) {
    return TestWorkers.starting(c -> {
      c.set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0");
      overrides.accept(c);
    }).map(worker -> new HttpWorker(worker, Http.client(client, worker.httpPort())));
  }
}
