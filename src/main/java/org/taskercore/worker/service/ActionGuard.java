package org.taskercore.worker.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import io.vertx.serviceproxy.ServiceInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.core.FailureCodes;

import java.lang.reflect.Parameter;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a raw bus message before the generated handler sees it: the {@code action} header must
 * name a method of the service and each argument must have that parameter's JSON type. Without
 * it the generated handler answers 500 and rethrows, logging a stack trace per bad message.
 */
final class ActionGuard implements ServiceInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(ActionGuard.class);

  private final String service;
  private final Map<String, Parameter[]> actions = new TreeMap<>();

  ActionGuard(ServiceCatalog service) {
    this.service = service.type().getSimpleName();
    service.methods().forEach((name, method) -> actions.put(name, method.getParameters()));
  }

  @Override
  public Future<Message<JsonObject>> intercept(Vertx vertx, Map<String, Object> context, Message<JsonObject> message) {
    String action = message.headers().get("action");
    Parameter[] parameters = action == null ? null : actions.get(action);
    if (parameters == null) {
      return reject(message, action == null ? "no 'action' header; expected one of " + actions.keySet()
        : "unknown action '" + truncate(action) + "' for " + service + "; expected one of " + actions.keySet());
    }
    JsonObject body = message.body();
    if (body == null && parameters.length > 0) {
      return reject(message, service + "." + action + " needs a JSON object body with "
        + java.util.Arrays.stream(parameters).map(Parameter::getName).toList());
    }
    for (Parameter parameter : parameters) {
      Object value = body == null ? null : body.getValue(parameter.getName());
      String problem = typeProblem(parameter, value);
      if (problem != null) {
        return reject(message, service + "." + action + ": argument '" + parameter.getName() + "' " + problem);
      }
    }
    return Future.succeededFuture(message);
  }

  private static String typeProblem(Parameter parameter, Object value) {
    Class<?> type = parameter.getType();
    if (type == String.class) {
      return value == null || value instanceof String ? null : "must be a string";
    }
    if (type == boolean.class || type == Boolean.class) {
      return value == null || value instanceof Boolean ? null : "must be true or false";
    }
    return null;
  }

  private Future<Message<JsonObject>> reject(Message<JsonObject> message, String why) {
    LOG.warn("rejected bus message at {}: {}", message.address(), why);
    return ServiceException.fail(FailureCodes.INVALID_ARGUMENT, why);
  }

  private static String truncate(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
