package org.taskercore.worker.support;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.config.ConfigLoader;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/** A cluster of its own on 127.0.0.1: a unique name and a run of free Hazelcast ports. */
public final class TestCluster {

  public final String name = "test-" + UUID.randomUUID().toString().substring(0, 8);
  public final int basePort = freeRun(6);
  private final List<TaskerWorker> workers = new CopyOnWriteArrayList<>();

  public JsonArray members() {
    JsonArray members = new JsonArray();
    for (int i = 0; i < 6; i++) {
      members.add("127.0.0.1:" + (basePort + i));
    }
    return members;
  }

  /** The cluster keys, as TASKER__ variables for a worker in another process. */
  public Map<String, String> environment() {
    return Map.of("TASKER__CLUSTER__ENABLED", "true", "TASKER__CLUSTER__NAME", name,
      "TASKER__CLUSTER__HOST", "127.0.0.1", "TASKER__CLUSTER__PORT", String.valueOf(basePort),
      "TASKER__CLUSTER__MEMBERS", members().encode());
  }

  public void configure(ConfigLoader loader) {
    loader.set("cluster.enabled", true).set("cluster.name", name).set("cluster.host", "127.0.0.1")
      .set("cluster.port", basePort).set("cluster.members", members()).set("cluster.query_timeout_ms", 2_000);
  }

  /** A clustered worker of this cluster, stopped by {@link #stopAll()}. */
  public Future<TaskerWorker> starting(String workerId, Consumer<ConfigLoader> overrides) {
    return TestWorkers.starting(c -> {
      configure(c);
      c.set("worker.worker_id", workerId);
      overrides.accept(c);
    }).onSuccess(workers::add);
  }

  /** Stops every worker started here (stopping one a test already stopped is harmless). */
  public Future<Void> stopAll() {
    return Future.join(workers.stream().map(TaskerWorker::stop).toList()).mapEmpty();
  }

  private static int freeRun(int length) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
      if (allFree(base, length)) {
        return base;
      }
    }
    throw new IllegalStateException("no run of " + length + " free ports found");
  }

  private static boolean allFree(int base, int length) {
    for (int port = base; port < base + length; port++) {
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
        socket.setReuseAddress(true);
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }
}
