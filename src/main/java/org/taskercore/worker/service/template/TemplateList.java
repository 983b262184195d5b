package org.taskercore.worker.service.template;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.format.SnakeCase;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** The templates this worker loaded; {@code cache_stats} only when asked for. */
@DataObject
@JsonGen(publicConverter = false, jsonPropertyNameFormatter = SnakeCase.class)
public class TemplateList {

  private List<String> supportedNamespaces;
  private int templateCount;
  private List<TemplateSummary> templates;
  private List<String> workerCapabilities;
  private CacheStats cacheStats;

  public TemplateList() {
  }

  public TemplateList(JsonObject json) {
    TemplateListConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    TemplateListConverter.toJson(this, json);
    return json;
  }

  public List<String> getSupportedNamespaces() {
    return supportedNamespaces;
  }

  public TemplateList setSupportedNamespaces(List<String> supportedNamespaces) {
    this.supportedNamespaces = supportedNamespaces;
    return this;
  }

  public int getTemplateCount() {
    return templateCount;
  }

  public TemplateList setTemplateCount(int templateCount) {
    this.templateCount = templateCount;
    return this;
  }

  public List<TemplateSummary> getTemplates() {
    return templates;
  }

  public TemplateList setTemplates(List<TemplateSummary> templates) {
    this.templates = templates;
    return this;
  }

  public List<String> getWorkerCapabilities() {
    return workerCapabilities;
  }

  public TemplateList setWorkerCapabilities(List<String> workerCapabilities) {
    this.workerCapabilities = workerCapabilities;
    return this;
  }

  public CacheStats getCacheStats() {
    return cacheStats;
  }

  public TemplateList setCacheStats(CacheStats cacheStats) {
    this.cacheStats = cacheStats;
    return this;
  }
}
