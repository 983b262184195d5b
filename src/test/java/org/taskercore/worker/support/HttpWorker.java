package org.taskercore.worker.support;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.config.ConfigLoader;

import java.util.function.Consumer;

/**
 * A worker in full mode on 127.0.0.1 and a free port, with an HTTP client of its own Vert.x
 * (idle timeout set, so a hung request fails the test instead of stalling it).
 */
public record HttpWorker(TaskerWorker worker, Vertx clientVertx, WebClient http) {

  public static HttpWorker start(Consumer<ConfigLoader> overrides) {
    TaskerWorker worker = TestWorkers.start(c -> {
      c.set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0");
      overrides.accept(c);
    });
    Vertx client = Vertx.vertx();
    WebClient http = WebClient.create(client, new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(worker.httpPort()).setIdleTimeout(20));
    return new HttpWorker(worker, client, http);
  }

  public void stop() {
    Await.result(clientVertx.close());
    Await.result(worker.stop());
  }
}
