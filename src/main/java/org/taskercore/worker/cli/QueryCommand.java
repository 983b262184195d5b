package org.taskercore.worker.cli;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.taskercore.worker.service.ServiceCatalog;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.List;

/**
 * {@code query --worker ID|any <service>.<method> [args…]}: calls any service method on any
 * worker through the cluster and prints its JSON (text for the Prometheus methods).
 * {@code query --worker w1 templates.get payments process_payment 1.0.0}.
 */
final class QueryCommand {

  private QueryCommand() {
  }

  static int run(List<String> args, PrintStream out) {
    CliOptions options;
    Call call;
    try {
      options = CliOptions.parse(args, Duration.ofSeconds(15));
      call = Call.parse(options);
    } catch (IllegalArgumentException e) {
      out.println(new JsonObject().put("error", "usage").put("message", e.getMessage()
        + " (usage: query --worker ID|any <service>.<method> [args…] [--conf FILE] [--timeout 15s])").encode());
      return 2;
    }
    return ClusterClient.run(options, out, (vertx, config) -> vertx.eventBus()
      .request(call.address(), call.body(), new DeliveryOptions().addHeader("action", call.method())
        .setSendTimeout(call.named() ? Math.min(options.timeout().toMillis(), config.cluster().queryTimeoutMs())
          : options.timeout().toMillis()))
      .map(reply -> {
        Object body = reply.body();
        out.println(body instanceof JsonObject json ? json.encodePrettily()
          : body instanceof JsonArray array ? array.encodePrettily() : String.valueOf(body));
        return 0;
      })
      .recover(e -> {
        JsonObject error = new JsonObject().put("error", e instanceof ReplyException r ? failure(r) : "failed")
          .put("message", e.getMessage());
        out.println(error.encodePrettily());
        return Future.succeededFuture(1);
      }));
  }

  private static Object failure(ReplyException reply) {
    return switch (reply.failureType()) {
      case NO_HANDLERS -> "worker_not_found";
      case TIMEOUT -> "timeout";
      default -> reply.failureCode();
    };
  }

  /** The address, action and body one call needs; {@code named} when it goes to one worker. */
  record Call(String address, String method, JsonObject body, boolean named) {

    static Call parse(CliOptions options) {
      if (options.worker() == null) {
        throw new IllegalArgumentException("--worker ID|any is required");
      }
      if (options.positional().isEmpty() || !options.positional().get(0).contains(".")) {
        throw new IllegalArgumentException("name a <service>.<method>, e.g. health.detailed");
      }
      String[] target = options.positional().get(0).split("\\.", 2);
      ServiceCatalog service = ServiceCatalog.byShortName(target[0]).orElseThrow(() ->
        new IllegalArgumentException("unknown service '" + target[0] + "'; known: health, metrics, templates, config"));
      Method method = service.methods().get(target[1]);
      if (method == null) {
        throw new IllegalArgumentException("unknown method '" + target[1] + "' of " + target[0] + "; known: " + service.methods().keySet());
      }
      List<String> values = options.positional().subList(1, options.positional().size());
      Parameter[] parameters = method.getParameters();
      if (values.size() != parameters.length) {
        throw new IllegalArgumentException(options.positional().get(0) + " takes " + parameters.length + " argument(s): "
          + java.util.Arrays.stream(parameters).map(Parameter::getName).toList());
      }
      JsonObject body = new JsonObject();
      for (int i = 0; i < parameters.length; i++) {
        body.put(ServiceCatalog.wireName(parameters[i]), convert(parameters[i], values.get(i)));
      }
      String worker = options.worker().equals("any") ? null : options.worker();
      return new Call(service.address(worker), method.getName(), body, worker != null);
    }

    private static Object convert(Parameter parameter, String value) {
      if (parameter.getType() == boolean.class || parameter.getType() == Boolean.class) {
        if (!value.equals("true") && !value.equals("false")) {
          throw new IllegalArgumentException(parameter.getName() + " must be true or false");
        }
        return Boolean.parseBoolean(value);
      }
      return value;
    }
  }
}
