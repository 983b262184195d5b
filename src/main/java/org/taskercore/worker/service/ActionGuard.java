package org.taskercore.worker.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import io.vertx.serviceproxy.ServiceInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.protocol.FailureCodes;

import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a raw bus message before the generated handler sees it: the {@code action} header must
 * name a method of the service and each argument must have that parameter's JSON type. Raw bodies
 * name arguments in snake_case ({@code include_cache_stats}); the generated proxies send the Java
 * names, so both are read and handed on under the Java name. A missing flag is false; a missing
 * string is a 400 naming it. Without this guard the generated handler answers 500 and rethrows,
 * logging a stack trace per bad message.
 */
final class ActionGuard implements ServiceInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(ActionGuard.class);

  private final String service;
  private final Map<String, Parameter[]> actions = new TreeMap<>();

  ActionGuard(ServiceCatalog service) {
    this.service = service.shortName();
    service.methods().forEach((name, method) -> actions.put(name, method.getParameters()));
  }

  @Override
  public Future<Message<JsonObject>> intercept(Vertx vertx, Map<String, Object> context, Message<JsonObject> message) {
    String verdict = message.headers().get(BridgeAccess.VERDICT);
    if (verdict != null && verdict.startsWith(BridgeAccess.DENIED)) {
      // Refused by a bridge's access check, which has counted and logged it (rate-limited).
      String[] parts = verdict.substring(BridgeAccess.DENIED.length()).split(" ", 2);
      return ServiceException.fail(Integer.parseInt(parts[0]), parts.length > 1 ? parts[1] : "access_denied");
    }
    String action = message.headers().get("action");
    Parameter[] parameters = action == null ? null : actions.get(action);
    if (parameters == null) {
      return reject(message, action == null ? "no 'action' header; expected one of " + actions.keySet()
        : "unknown action '" + truncate(action) + "' for " + service + "; expected one of " + actions.keySet());
    }
    JsonObject body = message.body();
    if (body == null && parameters.length > 0) {
      return reject(message, service + "." + action + " needs a JSON object body with "
        + Arrays.stream(parameters).map(ServiceCatalog::wireName).toList());
    }
    for (Parameter parameter : parameters) {
      String wire = ServiceCatalog.wireName(parameter);
      Object value = body.containsKey(parameter.getName()) ? body.getValue(parameter.getName()) : body.getValue(wire);
      String problem = value == null ? missing(parameter) : typeProblem(parameter, value);
      if (problem != null) {
        return reject(message, service + "." + action + ": argument '" + wire + "' " + problem);
      }
      body.put(parameter.getName(), value != null ? value : Boolean.FALSE);
    }
    return Future.succeededFuture(message);
  }

  /** A flag may be left out (it is false); every other argument is required. */
  private static String missing(Parameter parameter) {
    return isFlag(parameter) ? null : "is required";
  }

  private static String typeProblem(Parameter parameter, Object value) {
    if (parameter.getType() == String.class) {
      return value instanceof String ? null : "must be a string";
    }
    if (isFlag(parameter)) {
      return value instanceof Boolean ? null : "must be true or false";
    }
    return null;
  }

  private static boolean isFlag(Parameter parameter) {
    return parameter.getType() == boolean.class || parameter.getType() == Boolean.class;
  }

  private Future<Message<JsonObject>> reject(Message<JsonObject> message, String why) {
    LOG.warn("rejected bus message at {}: {}", message.address(), why);
    return ServiceException.fail(FailureCodes.INVALID_ARGUMENT, why);
  }

  private static String truncate(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
