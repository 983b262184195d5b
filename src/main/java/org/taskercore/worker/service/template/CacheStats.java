package org.taskercore.worker.service.template;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.format.SnakeCase;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** Template cache counters: {@code total_entries}, {@code hits}, {@code misses}, {@code evictions}, {@code last_maintenance} (RFC 3339, null before the first maintenance). */
@DataObject
@JsonGen(publicConverter = false, jsonPropertyNameFormatter = SnakeCase.class)
public class CacheStats {

  private int totalEntries;
  private long hits;
  private long misses;
  private long evictions;
  private String lastMaintenance;

  public CacheStats() {
  }

  public CacheStats(JsonObject json) {
    CacheStatsConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    CacheStatsConverter.toJson(this, json);
    if (lastMaintenance == null) {
      json.putNull("last_maintenance");
    }
    return json;
  }

  public int getTotalEntries() {
    return totalEntries;
  }

  public CacheStats setTotalEntries(int totalEntries) {
    this.totalEntries = totalEntries;
    return this;
  }

  public long getHits() {
    return hits;
  }

  public CacheStats setHits(long hits) {
    this.hits = hits;
    return this;
  }

  public long getMisses() {
    return misses;
  }

  public CacheStats setMisses(long misses) {
    this.misses = misses;
    return this;
  }

  public long getEvictions() {
    return evictions;
  }

  public CacheStats setEvictions(long evictions) {
    this.evictions = evictions;
    return this;
  }

  public String getLastMaintenance() {
    return lastMaintenance;
  }

  public CacheStats setLastMaintenance(String lastMaintenance) {
    this.lastMaintenance = lastMaintenance;
    return this;
  }
}
