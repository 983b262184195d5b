package org.taskercore.worker.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.cluster.ClusterMembership;
import org.taskercore.worker.cluster.ClusterNode;
import org.taskercore.worker.cluster.ClusterView;
import org.taskercore.worker.cluster.WorkerDirectory;
import org.taskercore.worker.config.ConfigException;
import org.taskercore.worker.config.TaskerConfig;
import org.taskercore.worker.web.WebVerticle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code gateway [--conf FILE]}: joins the cluster and serves the web verticle only, no worker:
 * un-prefixed routes answer from any worker, {@code /workers/{id}/…} from the named one,
 * {@code /cluster/…} for all of them.
 */
final class GatewayCommand {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayCommand.class);

  private GatewayCommand() {
  }

  static int run(List<String> args) {
    CliOptions options;
    TaskerConfig config;
    try {
      options = CliOptions.parse(args, Duration.ofSeconds(120));
      config = options.loader().load();
    } catch (IllegalArgumentException | ConfigException e) {
      System.err.println("gateway: " + e.getMessage());
      return 2;
    }
    if (!config.cluster().enabled()) {
      System.err.println("gateway: cluster.enabled is false; a gateway fronts a cluster (TASKER__CLUSTER__ENABLED=true)");
      return 2;
    }
    try {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      ClusterNode.ClusteredVertx node = ClusterNode.start(config.cluster(), registry, false)
        .toCompletionStage().toCompletableFuture().get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
      Vertx vertx = node.vertx();
      WorkerDirectory directory = WorkerDirectory.clustered(vertx, node.manager(), config.cluster().departedGraceSeconds());
      ClusterMembership.watch(vertx, node.manager(), directory);
      TaskerConfig.Web web = config.worker().web();
      WebVerticle verticle = new WebVerticle(new WebVerticle.Options(web, null,
        new ClusterView(vertx, directory, config.cluster().queryTimeoutMs())));
      vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      LOG.info("gateway running in gateway mode (cluster '{}', node {}); HTTP on {}:{}", config.cluster().name(),
        node.manager().getNodeId(), web.host(), verticle.actualPort());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          System.err.println("gateway did not leave the cluster cleanly: " + e);
        }
      }, "tasker-gateway-shutdown"));
      return RunCommand.KEEP_RUNNING;
    } catch (Exception e) {
      System.err.println("gateway failed to start: " + e);
      return 1;
    }
  }
}
