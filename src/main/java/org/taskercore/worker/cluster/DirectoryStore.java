package org.taskercore.worker.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where directory entries live. Clustered: a Hazelcast replicated map, of which every member
 * holds a full copy, so reading the directory never waits on a member that just died (a
 * partitioned map would, until its partitions move). Alone: a local Vert.x map.
 */
interface DirectoryStore {

  String NAME = "tasker.workers";

  Future<Void> put(String workerId, JsonObject entry);

  Future<Void> remove(String workerId);

  Future<Map<String, JsonObject>> entries();

  /** One worker's entry, or null. */
  Future<JsonObject> get(String workerId);

  static DirectoryStore local(Vertx vertx) {
    Future<AsyncMap<String, JsonObject>> map = vertx.sharedData().getLocalAsyncMap(NAME);
    return new DirectoryStore() {
      @Override
      public Future<Void> put(String workerId, JsonObject entry) {
        return map.compose(m -> m.put(workerId, entry));
      }

      @Override
      public Future<Void> remove(String workerId) {
        return map.compose(m -> m.remove(workerId)).mapEmpty();
      }

      @Override
      public Future<Map<String, JsonObject>> entries() {
        return map.compose(AsyncMap::entries);
      }

      @Override
      public Future<JsonObject> get(String workerId) {
        return map.compose(m -> m.get(workerId));
      }
    };
  }

  /** Entries travel as JSON text: Hazelcast serializes strings without any codec of ours. */
  static DirectoryStore replicated(Vertx vertx, HazelcastClusterManager manager) {
    var map = manager.getHazelcastInstance().<String, String>getReplicatedMap(NAME);
    return new DirectoryStore() {
      @Override
      public Future<Void> put(String workerId, JsonObject entry) {
        return vertx.executeBlocking(() -> map.put(workerId, entry.encode()), false).mapEmpty();
      }

      @Override
      public Future<Void> remove(String workerId) {
        return vertx.executeBlocking(() -> map.remove(workerId), false).mapEmpty();
      }

      @Override
      public Future<Map<String, JsonObject>> entries() {
        return vertx.executeBlocking(() -> {
          Map<String, JsonObject> out = new LinkedHashMap<>();
          map.forEach((id, json) -> out.put(id, new JsonObject(json)));
          return out;
        }, false);
      }

      @Override
      public Future<JsonObject> get(String workerId) {
        return vertx.executeBlocking(() -> {
          String json = map.get(workerId);
          return json == null ? null : new JsonObject(json);
        }, false);
      }
    };
  }
}
