package org.taskercore.worker.service.template;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.format.SnakeCase;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** One template in full, with its handlers and what its own cache entry says: {@code cached} (served from the cache), {@code cache_age_seconds}, {@code access_count}. */
@DataObject
@JsonGen(publicConverter = false, jsonPropertyNameFormatter = SnakeCase.class)
public class TemplateResponse {

  private JsonObject template;
  private JsonObject handlerMetadata;
  private boolean cached;
  private long cacheAgeSeconds;
  private long accessCount;

  public TemplateResponse() {
  }

  public TemplateResponse(JsonObject json) {
    TemplateResponseConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    TemplateResponseConverter.toJson(this, json);
    return json;
  }

  public JsonObject getTemplate() {
    return template;
  }

  public TemplateResponse setTemplate(JsonObject template) {
    this.template = template;
    return this;
  }

  public JsonObject getHandlerMetadata() {
    return handlerMetadata;
  }

  public TemplateResponse setHandlerMetadata(JsonObject handlerMetadata) {
    this.handlerMetadata = handlerMetadata;
    return this;
  }

  public boolean isCached() {
    return cached;
  }

  public TemplateResponse setCached(boolean cached) {
    this.cached = cached;
    return this;
  }

  public long getCacheAgeSeconds() {
    return cacheAgeSeconds;
  }

  public TemplateResponse setCacheAgeSeconds(long cacheAgeSeconds) {
    this.cacheAgeSeconds = cacheAgeSeconds;
    return this;
  }

  public long getAccessCount() {
    return accessCount;
  }

  public TemplateResponse setAccessCount(long accessCount) {
    this.accessCount = accessCount;
    return this;
  }
}
