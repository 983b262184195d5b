package org.taskercore.worker.service.metrics;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.format.SnakeCase;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** Router counters: {@code total_routed}, {@code durable_routed}, {@code fast_routed}, {@code broadcast_routed}, {@code fast_delivery_errors}, {@code routing_errors}. */
@DataObject
@JsonGen(publicConverter = false, jsonPropertyNameFormatter = SnakeCase.class)
public class EventRouterStats {

  private long totalRouted;
  private long durableRouted;
  private long fastRouted;
  private long broadcastRouted;
  private long fastDeliveryErrors;
  private long routingErrors;

  public EventRouterStats() {
  }

  public EventRouterStats(JsonObject json) {
    EventRouterStatsConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    EventRouterStatsConverter.toJson(this, json);
    return json;
  }

  public long getTotalRouted() {
    return totalRouted;
  }

  public EventRouterStats setTotalRouted(long totalRouted) {
    this.totalRouted = totalRouted;
    return this;
  }

  public long getDurableRouted() {
    return durableRouted;
  }

  public EventRouterStats setDurableRouted(long durableRouted) {
    this.durableRouted = durableRouted;
    return this;
  }

  public long getFastRouted() {
    return fastRouted;
  }

  public EventRouterStats setFastRouted(long fastRouted) {
    this.fastRouted = fastRouted;
    return this;
  }

  public long getBroadcastRouted() {
    return broadcastRouted;
  }

  public EventRouterStats setBroadcastRouted(long broadcastRouted) {
    this.broadcastRouted = broadcastRouted;
    return this;
  }

  public long getFastDeliveryErrors() {
    return fastDeliveryErrors;
  }

  public EventRouterStats setFastDeliveryErrors(long fastDeliveryErrors) {
    this.fastDeliveryErrors = fastDeliveryErrors;
    return this;
  }

  public long getRoutingErrors() {
    return routingErrors;
  }

  public EventRouterStats setRoutingErrors(long routingErrors) {
    this.routingErrors = routingErrors;
    return this;
  }
}
