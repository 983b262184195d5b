package org.taskercore.worker.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import io.vertx.serviceproxy.ServiceInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.logging.LogThrottle;
import org.taskercore.worker.protocol.BusHeaders;
import org.taskercore.worker.protocol.FailureCodes;

import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks a raw bus message before the generated handler sees it. A message a bridge let through
 * carries its verdict ({@link BusHeaders#VERDICT}): a refusal, or a stamp no bridge writes, is
 * answered here and no service code runs. The {@code action} header, read case-insensitively,
 * must be one method of the service ({@link ServiceCatalog#actionProblem}), and each argument must
 * have that parameter's JSON type. Raw bodies name arguments in snake_case
 * ({@code include_cache_stats}); the generated proxies send the Java names, so both are read and
 * handed on under the Java name. A missing flag is false; a missing string is a 400 naming it.
 * Without this guard the generated handler answers 500 and rethrows, logging a stack trace per
 * bad message.
 */
final class ActionGuard implements ServiceInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(ActionGuard.class);

  private final ServiceCatalog service;
  private final LogThrottle rejections = new LogThrottle(LOG);

  ActionGuard(ServiceCatalog service) {
    this.service = service;
  }

  @Override
  public Future<Message<JsonObject>> intercept(Vertx vertx, Map<String, Object> context, Message<JsonObject> message) {
    List<String> verdicts = message.headers().getAll(BusHeaders.VERDICT);
    if (!verdicts.isEmpty()) {
      // A bridge has decided (and counted and logged any refusal); a forged or doubled stamp is refused too.
      BusHeaders.Refusal refusal = verdicts.size() == 1 ? BusHeaders.refusalOf(verdicts.get(0))
        : BusHeaders.refusalOf(null);
      if (refusal != null) {
        return ServiceException.fail(refusal.code(), refusal.message());
      }
    }
    List<String> actions = message.headers().getAll(BusHeaders.ACTION);
    String problem = service.actionProblem(actions);
    if (problem != null) {
      return reject(message, problem);
    }
    String action = actions.get(0);
    Parameter[] parameters = service.methods().get(action).getParameters();
    JsonObject body = message.body();
    if (body == null && parameters.length > 0) {
      return reject(message, service.shortName() + "." + action + " needs a JSON object body with "
        + Arrays.stream(parameters).map(ServiceCatalog::wireName).toList());
    }
    for (Parameter parameter : parameters) {
      String wire = ServiceCatalog.wireName(parameter);
      Object value = body.containsKey(parameter.getName()) ? body.getValue(parameter.getName()) : body.getValue(wire);
      String why = value == null ? missing(parameter) : typeProblem(parameter, value);
      if (why != null) {
        return reject(message, service.shortName() + "." + action + ": argument '" + wire + "' " + why);
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
    rejections.warn("rejected", "rejected bus message at {}: {}", message.address(), why);
    return ServiceException.fail(FailureCodes.INVALID_ARGUMENT, why);
  }
}
