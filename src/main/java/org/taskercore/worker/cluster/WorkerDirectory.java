package org.taskercore.worker.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.taskercore.worker.config.ConfigException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Which workers exist: a cluster-wide map (local when not clustered) of entries
 * {@code {worker_id, node_id, started_at, environment, version, namespaces, mode, web_address}}.
 * A worker removes its entry when it stops; the entries of a node that vanished are marked
 * {@code departed_at} by the survivors, shown as departed for a grace period, then purged.
 * Reads also treat any entry whose node is no longer a member as departed, so a dead worker
 * never passes for a live one, even before anyone has marked it.
 */
public final class WorkerDirectory {

  /** Which node holds each worker id: a cluster map whose putIfAbsent is atomic, unlike the replicated directory. */
  private static final String CLAIMS = "tasker.worker-ids";

  private final Vertx vertx;
  private final DirectoryStore store;
  private final Supplier<Set<String>> liveNodes;
  private final long graceMillis;
  private final List<Consumer<String>> departureListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> arrivalListeners = new CopyOnWriteArrayList<>();

  private WorkerDirectory(Vertx vertx, DirectoryStore store, Supplier<Set<String>> liveNodes, long graceSeconds) {
    this.vertx = vertx;
    this.store = store;
    this.liveNodes = liveNodes;
    this.graceMillis = graceSeconds * 1000;
  }

  /** A directory of this process alone. */
  public static WorkerDirectory local(Vertx vertx) {
    return new WorkerDirectory(vertx, DirectoryStore.local(vertx), null, 0);
  }

  /** The cluster's directory, as this member sees it. */
  public static WorkerDirectory clustered(Vertx vertx, HazelcastClusterManager manager, long departedGraceSeconds) {
    return new WorkerDirectory(vertx, DirectoryStore.replicated(vertx, manager), () -> ClusterMembership.liveNodes(manager),
      departedGraceSeconds);
  }

  /** An entry as the view sees it. */
  public record Entry(JsonObject worker, boolean departed, String departedWhy) {
    public String workerId() {
      return worker.getString("worker_id");
    }
  }

  /**
   * Claims a worker id for a node of the cluster. Fails with a {@link ConfigException} naming the
   * holder when a live member holds it; the claim of a node that left is taken over. A worker
   * that is not clustered has nobody to collide with and claims nothing.
   */
  public Future<Void> claim(String workerId, String nodeId) {
    if (liveNodes == null) {
      return Future.succeededFuture();
    }
    return vertx.sharedData().<String, String>getAsyncMap(CLAIMS).compose(claims -> claims.putIfAbsent(workerId, nodeId)
      .compose(holder -> {
        if (holder == null || holder.equals(nodeId)) {
          return Future.succeededFuture();
        }
        if (liveNodes.get().contains(holder)) {
          return Future.failedFuture(new ConfigException("worker id '" + workerId + "' is already taken by node " + holder
            + ", a live member of the cluster; give this worker another worker.worker_id (TASKER_WORKER_ID)"));
        }
        return claims.replaceIfPresent(workerId, holder, nodeId).compose(taken -> taken ? Future.succeededFuture()
          : claim(workerId, nodeId)); // another node took it over first: look again
      }));
  }

  /** Gives a worker id back, if this node holds it. */
  public Future<Void> release(String workerId, String nodeId) {
    if (liveNodes == null) {
      return Future.succeededFuture();
    }
    return vertx.sharedData().<String, String>getAsyncMap(CLAIMS)
      .compose(claims -> claims.removeIfPresent(workerId, nodeId)).mapEmpty();
  }

  public Future<Void> register(JsonObject entry) {
    return store.put(entry.getString("worker_id"), entry);
  }

  /** Writes the entry again if the directory lacks it or holds it marked departed; otherwise writes nothing. */
  public Future<Void> reassert(JsonObject entry) {
    String workerId = entry.getString("worker_id");
    return store.get(workerId).compose(held -> {
      boolean current = held != null && !held.containsKey("departed_at")
        && entry.getString("node_id").equals(held.getString("node_id"));
      return current ? Future.succeededFuture() : store.put(workerId, entry);
    });
  }

  public Future<Void> unregister(String workerId) {
    return store.remove(workerId);
  }

  /** The live workers, by id. */
  public Future<List<JsonObject>> live() {
    return entries().map(all -> all.stream().filter(e -> !e.departed()).map(Entry::worker).toList());
  }

  /** Every entry, departed ones within their grace period included; purges older departures. */
  public Future<List<Entry>> entries() {
    return store.entries().compose(all -> {
      Set<String> nodes = liveNodes == null ? null : liveNodes.get();
      long now = System.currentTimeMillis();
      List<Entry> out = new ArrayList<>();
      List<Future<?>> purges = new ArrayList<>();
      for (Map.Entry<String, JsonObject> e : all.entrySet()) {
        JsonObject worker = e.getValue();
        String departedAt = worker.getString("departed_at");
        if (departedAt != null && now - Instant.parse(departedAt).toEpochMilli() > graceMillis) {
          purges.add(store.remove(e.getKey()));
        } else if (departedAt != null) {
          out.add(new Entry(withoutMark(worker), true, "node " + worker.getString("node_id") + " left the cluster at " + departedAt));
        } else if (nodes != null && !nodes.contains(worker.getString("node_id"))) {
          out.add(new Entry(worker, true, "node " + worker.getString("node_id") + " is no longer in the cluster"));
        } else {
          out.add(new Entry(worker, false, null));
        }
      }
      out.sort(Comparator.comparing(Entry::workerId));
      return Future.join(purges).transform(ignored -> Future.succeededFuture(out));
    });
  }

  /** Whether this is a cluster's directory (else this process's alone, where no node ever leaves). */
  public boolean clustered() {
    return liveNodes != null;
  }

  /** Hears the id of every node that leaves the cluster, as soon as this member learns of it. */
  public void onDeparture(Consumer<String> listener) {
    departureListeners.add(listener);
  }

  /**
   * Called whenever a member joins the cluster, until the returned action is run. The directory
   * is a replicated map that a member joining can miss a write racing its join (Hazelcast's
   * anti-entropy would only bring it 30 s later), so a registered worker writes its entry again
   * (see {@link DirectoryRegistration}). Runs on a Hazelcast thread or any context: listeners only take note.
   */
  public Runnable onArrival(Runnable listener) {
    arrivalListeners.add(listener);
    return () -> arrivalListeners.remove(listener);
  }

  /** A member joined: tells the listeners. */
  void memberJoined() {
    arrivalListeners.forEach(Runnable::run);
  }

  /** A node left: tells the listeners at once, then marks its entries departed. */
  Future<Void> nodeLeft(String nodeId) {
    departureListeners.forEach(listener -> listener.accept(nodeId));
    return markDeparted(nodeId);
  }

  /** The node a worker runs on, or null when the directory does not know the worker. */
  public Future<String> nodeOf(String workerId) {
    return store.get(workerId).map(entry -> entry == null ? null : entry.getString("node_id"));
  }

  /** Marks every entry of a vanished node as departed now (any survivor may; marking twice is harmless). */
  public Future<Void> markDeparted(String nodeId) {
    String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    return store.entries().compose(all -> {
      List<Future<Void>> marks = new ArrayList<>();
      all.forEach((id, worker) -> {
        if (nodeId.equals(worker.getString("node_id")) && !worker.containsKey("departed_at")) {
          marks.add(store.put(id, worker.copy().put("departed_at", now)));
        }
      });
      return Future.join(marks).mapEmpty();
    });
  }

  private static JsonObject withoutMark(JsonObject worker) {
    JsonObject copy = worker.copy();
    copy.remove("departed_at");
    return copy;
  }
}
