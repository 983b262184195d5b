package org.taskercore.worker.service.template;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.taskercore.worker.protocol.FailureCodes;
import org.taskercore.worker.core.HandlerRegistry;
import org.taskercore.worker.tasks.TaskTemplate;
import org.taskercore.worker.templates.TemplateCache;
import org.taskercore.worker.tasks.TemplateKey;
import org.taskercore.worker.templates.TemplateStore;
import org.taskercore.worker.templates.TemplateValidator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;
import org.taskercore.worker.protocol.TemplateNames;

/** The template service of one worker, from its template cache, the validator and the handlers registered. */
public final class TemplateQueryServiceImpl implements TemplateQueryService {


  private final Vertx vertx;
  private final TemplateCache templates;
  private final TemplateValidator validator;
  private final HandlerRegistry handlers;
  private final List<String> namespaces;

  public TemplateQueryServiceImpl(Vertx vertx, TemplateCache templates, TemplateValidator validator,
                                  HandlerRegistry handlers, List<String> namespaces) {
    this.vertx = vertx;
    this.templates = templates;
    this.validator = validator;
    this.handlers = handlers;
    this.namespaces = List.copyOf(namespaces);
  }

  /** From the store's index alone: listing never touches the cache, so its counters stay {@code get}'s own. */
  @Override
  public Future<TemplateList> list(boolean includeCacheStats) {
    List<TemplateSummary> summaries = templates.store().listing().stream().map(listed -> new TemplateSummary()
      .setNamespace(listed.key().namespace()).setName(listed.key().name()).setVersion(listed.key().version())
      .setStepCount(listed.stepCount())).toList();
    return Future.succeededFuture(new TemplateList()
      .setSupportedNamespaces(namespaces)
      .setTemplateCount(summaries.size())
      .setTemplates(summaries)
      .setWorkerCapabilities(List.copyOf(handlers.callables()))
      .setCacheStats(includeCacheStats ? stats() : null));
  }

  @Override
  public Future<TemplateResponse> get(String namespace, String name, String version) {
    return lookup(namespace, name, version).map(found -> new TemplateResponse()
      .setTemplate(TemplateStore.toJson(found.template()))
      .setHandlerMetadata(handlerMetadata(found.template()))
      .setCached(found.cached())
      .setCacheAgeSeconds(found.ageMillis() / 1000)
      .setAccessCount(found.accessCount()));
  }

  @Override
  public Future<TemplateValidation> validate(String namespace, String name, String version) {
    return lookup(namespace, name, version).map(found -> {
      TaskTemplate template = found.template();
      List<String> issues = validator.issues(template);
      return new TemplateValidation()
        .setValid(issues.isEmpty())
        .setNamespace(namespace).setName(name).setVersion(version)
        .setHandlerCount((int) template.steps().stream().map(TaskTemplate.StepDefinition::callable).distinct().count())
        .setIssues(issues)
        .setHandlerMetadata(handlerMetadata(template));
    });
  }

  @Override
  public Future<CacheStats> cacheStats() {
    return Future.succeededFuture(stats());
  }

  @Override
  public Future<CacheOperationResult> clearCache() {
    int dropped = templates.clear();
    return Future.succeededFuture(result("clear", true, "cleared " + dropped + " cached templates"));
  }

  @Override
  public Future<CacheOperationResult> maintainCache() {
    int dropped = templates.maintain();
    return Future.succeededFuture(result("maintain", true, "expired " + dropped + " cached templates"));
  }

  @Override
  public Future<CacheOperationResult> refresh(String namespace, String name, String version) {
    return parsedKey(namespace, name, version).compose(key -> vertx.executeBlocking(() -> {
        if (!templates.store().keys().contains(key)) {
          templates.store().scan(); // a file added since start-up becomes known
        }
        return templates.refresh(key);
      }, false)
      .map(found -> found == null
        ? result("refresh", false, "template not found: " + key)
        : result("refresh", true, "reloaded " + key + " from its file"))
      .otherwise(e -> result("refresh", false, "template " + key + " could not be reloaded: " + e.getMessage())));
  }

  private static Future<TemplateKey> parsedKey(String namespace, String name, String version) {
    try {
      return Future.succeededFuture(key(namespace, name, version));
    } catch (IllegalArgumentException e) {
      return ServiceException.fail(FailureCodes.INVALID_ARGUMENT, e.getMessage());
    }
  }

  private Future<TemplateCache.Lookup> lookup(String namespace, String name, String version) {
    return parsedKey(namespace, name, version).compose(key ->
      vertx.executeBlocking(() -> templates.get(key), false)
        .recover(e -> ServiceException.fail(FailureCodes.INTERNAL, "template " + key + " cannot be read: " + e.getMessage()))
        .compose(found -> found != null ? Future.succeededFuture(found)
          : ServiceException.fail(FailureCodes.NOT_FOUND, "template not found: " + key)));
  }

  /** @throws IllegalArgumentException naming the argument that is wrong */
  static TemplateKey key(String namespace, String name, String version) {
    check("namespace", namespace, TemplateNames.SEGMENT);
    check("name", name, TemplateNames.SEGMENT);
    check("version", version, TemplateNames.VERSION);
    return new TemplateKey(namespace, name, version);
  }

  private static void check(String what, String value, Pattern pattern) {
    String problem = TemplateNames.problem(what, value, pattern);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }


  private JsonObject handlerMetadata(TaskTemplate template) {
    JsonObject steps = new JsonObject();
    for (TaskTemplate.StepDefinition step : template.steps()) {
      steps.put(step.name(), new JsonObject()
        .put("callable", step.callable())
        .put("registered", handlers.isRegistered(step.callable()))
        .put("dependencies", new JsonArray(step.dependencies()))
        .put("max_attempts", step.retry().attempts())
        .put("timeout_seconds", step.timeoutSeconds()));
    }
    return new JsonObject().put("steps", steps);
  }

  private CacheStats stats() {
    TemplateCache.Stats s = templates.stats();
    return new CacheStats().setTotalEntries(s.totalEntries()).setHits(s.hits()).setMisses(s.misses())
      .setEvictions(s.evictions())
      .setLastMaintenance(s.lastMaintenance() == null ? null : s.lastMaintenance().truncatedTo(ChronoUnit.MILLIS).toString());
  }

  private CacheOperationResult result(String operation, boolean success, String message) {
    return new CacheOperationResult().setOperation(operation).setSuccess(success).setMessage(message)
      .setTimestamp(Instant.now().truncatedTo(ChronoUnit.MILLIS).toString()).setCacheStats(stats());
  }
}
