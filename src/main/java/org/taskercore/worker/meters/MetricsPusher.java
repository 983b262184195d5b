package org.taskercore.worker.meters;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.config.Redactor;
import org.taskercore.worker.config.TaskerConfig;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Pushes the whole registry to a Prometheus Pushgateway every {@code metrics.push.interval_seconds},
 * grouped by job and worker id, for workers nobody can scrape. A failed push is logged and tried
 * again at the next interval; it never stops the worker. A graceful stop deletes the group, so a
 * stopped worker's last numbers do not linger as if it were alive.
 */
public final class MetricsPusher extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MetricsPusher.class);
  private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final TaskerConfig.Metrics config;
  private final String groupUrl;
  private final Counter pushed;
  private final Counter failed;
  private WebClient client;
  private long timer = -1;
  private int failuresInARow;
  private Future<Void> lastPush = Future.succeededFuture();

  public MetricsPusher(PrometheusMeterRegistry registry, TaskerConfig.Metrics config, String workerId) {
    this.registry = registry;
    this.config = config;
    this.groupUrl = groupUrl(config.pushUrl(), config.pushJob(), workerId);
    String help = "Pushes of this worker's metrics to the Pushgateway, by result";
    this.pushed = Counter.builder("tasker.metrics.pushes").description(help).tag("result", "success").register(registry);
    this.failed = Counter.builder("tasker.metrics.pushes").description(help).tag("result", "failure").register(registry);
  }

  @Override
  public Future<?> start() {
    client = WebClient.create(vertx);
    long every = config.pushIntervalSeconds() * 1000;
    push();
    timer = vertx.setPeriodic(every, id -> push());
    LOG.info("pushing metrics to {} every {} s", Redactor.safeUrl(groupUrl), config.pushIntervalSeconds());
    return Future.succeededFuture();
  }

  /** One push now; completes when the Pushgateway accepted it. */
  public Future<Void> push() {
    lastPush = vertx.executeBlocking(registry::scrape, false) // a large scrape must not stall the event loop
      .compose(text -> client.putAbs(groupUrl).putHeader("Content-Type", TEXT_FORMAT).timeout(10_000)
        .sendBuffer(Buffer.buffer(text)))
      .compose(response -> response.statusCode() / 100 == 2 ? Future.<Void>succeededFuture()
        : Future.failedFuture("HTTP " + response.statusCode() + ": " + response.bodyAsString()))
      .onSuccess(v -> {
        pushed.increment();
        if (failuresInARow > 0) {
          LOG.info("metrics push to {} works again after {} failures", Redactor.safeUrl(groupUrl), failuresInARow);
        }
        failuresInARow = 0;
      })
      .onFailure(e -> {
        failed.increment();
        failuresInARow++;
        LOG.warn("metrics push to {} failed ({} in a row), retrying in {} s: {}", Redactor.safeUrl(groupUrl), failuresInARow,
          config.pushIntervalSeconds(), e.getMessage() == null ? null : e.getMessage().replace(groupUrl, Redactor.safeUrl(groupUrl)));
      });
    return lastPush;
  }

  /** Stops pushing and deletes this worker's group (best effort, bounded). */
  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    // A push still under way would otherwise recreate the group just deleted.
    return lastPush.transform(ignored -> client.deleteAbs(groupUrl).timeout(2_000).send()).<Void>mapEmpty()
      .otherwise(e -> null)
      .onComplete(ar -> client.close());
  }

  static String groupUrl(String base, String job, String workerId) {
    try {
      URI root = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
      // The multi-argument constructor percent-encodes whatever a path segment cannot hold.
      return new URI(root.getScheme(), root.getRawAuthority(),
        root.getPath() + "/metrics/job/" + job + "/worker_id/" + workerId, null, null).toASCIIString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IllegalArgumentException("metrics.push.url is not a usable URL: " + Redactor.safeUrl(base));
    }
  }
}
