package org.taskercore.worker.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The ceiling {@code scripts/bench-http} measures the worker against: a raw Vert.x HTTP server,
 * one verticle per core, answering constant bodies on the worker's probe and scrape paths — no
 * router, no bus, no checks. Its {@code /metrics} body is as large as the worker's scrape.
 * Arguments: port, scrape body size in bytes. Prints "ready" once listening.
 */
public final class CeilingServer extends VerticleBase {

  private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final int port;
  private final Buffer live;
  private final Buffer detailed;
  private final Buffer metrics;

  CeilingServer(int port, Buffer live, Buffer detailed, Buffer metrics) {
    this.port = port;
    this.live = live;
    this.detailed = detailed;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer().requestHandler(request -> {
      switch (request.path()) {
        case "/health/live" -> request.response().putHeader("Content-Type", "application/json").end(live);
        case "/health/detailed" -> request.response().putHeader("Content-Type", "application/json").end(detailed);
        case "/metrics" -> request.response().putHeader("Content-Type", TEXT).end(metrics);
        default -> request.response().setStatusCode(404).end();
      }
    }).listen(port, "127.0.0.1");
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int scrapeBytes = Integer.parseInt(args[1]);
    Buffer live = new JsonObject().put("status", "alive").put("worker_id", "ceiling").put("timestamp", "2026-01-01T00:00:00Z")
      .toBuffer();
    Buffer detailed = Buffer.buffer(detailedBody());
    char[] line = new char[scrapeBytes];
    Arrays.fill(line, '#');
    for (int i = 99; i < line.length; i += 100) {
      line[i] = '\n';
    }
    Buffer metrics = Buffer.buffer(new String(line).getBytes(StandardCharsets.UTF_8));
    Vertx vertx = Vertx.vertx();
    int cores = Runtime.getRuntime().availableProcessors();
    vertx.deployVerticle(() -> new CeilingServer(port, live, detailed, metrics), new DeploymentOptions().setInstances(cores))
      .onSuccess(id -> System.out.println("ready: " + cores + " verticles on 127.0.0.1:" + port))
      .onFailure(e -> {
        e.printStackTrace();
        System.exit(1);
      });
  }

  /** A body shaped like the worker's detailed health, seven checks and system info. */
  private static String detailedBody() {
    JsonObject checks = new JsonObject();
    for (String name : new String[] {"database", "command_processor", "queue_processing", "event_system", "step_processing",
      "circuit_breakers", "template_cache"}) {
      checks.put(name, new JsonObject().put("status", "healthy").put("message", "all is well with " + name)
        .put("duration_ms", 0).put("last_checked", "2026-01-01T00:00:00.000Z").put("cached", true).put("age_ms", 12));
    }
    return new JsonObject().put("status", "healthy").put("timestamp", "2026-01-01T00:00:00.000Z").put("worker_id", "ceiling")
      .put("checks", checks).put("system_info", new JsonObject().put("version", "0.1.0").put("environment", "production"))
      .encode();
  }
}
