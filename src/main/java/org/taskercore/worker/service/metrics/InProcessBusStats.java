package org.taskercore.worker.service.metrics;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.format.SnakeCase;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** In-process bus counters; "handler" is an in-JVM subscriber, "channel" a bounded queue feeding a subscriber outside the handler registry. */
@DataObject
@JsonGen(publicConverter = false, jsonPropertyNameFormatter = SnakeCase.class)
public class InProcessBusStats {

  private long totalEventsDispatched;
  private long handlerDispatches;
  private long handlerErrors;
  private long channelDispatches;
  private long channelDrops;
  private int subscriberPatterns;
  private int handlerCount;
  private int channelSubscriberCount;

  public InProcessBusStats() {
  }

  public InProcessBusStats(JsonObject json) {
    InProcessBusStatsConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    InProcessBusStatsConverter.toJson(this, json);
    return json;
  }

  public long getTotalEventsDispatched() {
    return totalEventsDispatched;
  }

  public InProcessBusStats setTotalEventsDispatched(long totalEventsDispatched) {
    this.totalEventsDispatched = totalEventsDispatched;
    return this;
  }

  public long getHandlerDispatches() {
    return handlerDispatches;
  }

  public InProcessBusStats setHandlerDispatches(long handlerDispatches) {
    this.handlerDispatches = handlerDispatches;
    return this;
  }

  public long getHandlerErrors() {
    return handlerErrors;
  }

  public InProcessBusStats setHandlerErrors(long handlerErrors) {
    this.handlerErrors = handlerErrors;
    return this;
  }

  public long getChannelDispatches() {
    return channelDispatches;
  }

  public InProcessBusStats setChannelDispatches(long channelDispatches) {
    this.channelDispatches = channelDispatches;
    return this;
  }

  public long getChannelDrops() {
    return channelDrops;
  }

  public InProcessBusStats setChannelDrops(long channelDrops) {
    this.channelDrops = channelDrops;
    return this;
  }

  public int getSubscriberPatterns() {
    return subscriberPatterns;
  }

  public InProcessBusStats setSubscriberPatterns(int subscriberPatterns) {
    this.subscriberPatterns = subscriberPatterns;
    return this;
  }

  public int getHandlerCount() {
    return handlerCount;
  }

  public InProcessBusStats setHandlerCount(int handlerCount) {
    this.handlerCount = handlerCount;
    return this;
  }

  public int getChannelSubscriberCount() {
    return channelSubscriberCount;
  }

  public InProcessBusStats setChannelSubscriberCount(int channelSubscriberCount) {
    this.channelSubscriberCount = channelSubscriberCount;
    return this;
  }
}
