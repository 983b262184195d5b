package org.taskercore.worker.bridge;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BaseBridgeEvent;
import io.vertx.ext.bridge.BridgeEventType;
import org.taskercore.worker.access.AccessDenied;
import org.taskercore.worker.access.AccessPolicy;
import org.taskercore.worker.access.Requirement;
import org.taskercore.worker.protocol.BusHeaders;
import org.taskercore.worker.protocol.FailureCodes;
import org.taskercore.worker.service.ServiceCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Access control for both event-bus bridges (TCP and SockJS), deciding each frame once, in place.
 * A call to a service carries a key ({@code x-api-key}) or a token ({@code authorization: Bearer …})
 * in its headers, checked against what the service method needs (the same table as its HTTP
 * route). The frame leaves with its credentials removed, every header a string, exactly one
 * lower-case {@code action} (the one the service will run: read here case-insensitively, as the bus
 * reads it) and the verdict stamped ({@link BusHeaders#VERDICT}); whatever the client sent under
 * those names, in any case, is gone. A frame naming no action, several, or one the service does
 * not have is stamped refused (400) before any service code runs. A registration on the forwarded
 * domain events needs {@code events:read}.
 */
public final class BridgeAccess {

  private static final String API_KEY = "x-api-key";
  private static final String AUTHORIZATION = "authorization";

  private final AccessPolicy policy;

  public BridgeAccess(AccessPolicy policy) {
    this.policy = policy;
  }

  /** The SockJS bridge's hook. */
  public void handle(BaseBridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    if (raw == null) {
      event.complete(true);
      return;
    }
    admit(event.type(), raw).onComplete(ar -> {
      if (ar.failed() && event.type() == BridgeEventType.REGISTER) {
        // An address no permission matches: the SockJS bridge then answers its own "access_denied" error frame.
        raw.put("address", "");
      }
      event.setRawMessage(raw);
      event.complete(true);
    });
  }

  /**
   * Decides one frame. A send or publish always succeeds, with the verdict stamped into the frame;
   * a registration fails with {@link AccessDenied} when it is refused.
   */
  public Future<Void> admit(BridgeEventType type, JsonObject frame) {
    if (type == BridgeEventType.REGISTER) {
      JsonObject headers = frame.getValue("headers") instanceof JsonObject h ? h : new JsonObject();
      return policy.admit(Requirement.of("events.subscribe"), false, take(headers, API_KEY), take(headers, AUTHORIZATION),
        "bridge register");
    }
    if (type != BridgeEventType.SEND && type != BridgeEventType.PUBLISH) {
      return Future.succeededFuture();
    }
    Object given = frame.getValue("headers");
    JsonObject headers = given instanceof JsonObject h ? h : new JsonObject();
    frame.put("headers", headers);
    List<Object> apiKeys = takeAll(headers, API_KEY);
    List<Object> authorizations = takeAll(headers, AUTHORIZATION);
    takeAll(headers, BusHeaders.VERDICT);
    List<Object> actions = takeAll(headers, BusHeaders.ACTION);
    var target = ServiceCatalog.byAddress(frame.getString("address"));
    String problem;
    if (given != null && !(given instanceof JsonObject)) {
      problem = "'headers' must be a JSON object of strings";
    } else if (apiKeys.size() > 1 || authorizations.size() > 1) {
      problem = "more than one credential header (names are case-insensitive); give one";
    } else if (headers.stream().anyMatch(h -> !(h.getValue() instanceof String))
      || !allStrings(apiKeys) || !allStrings(authorizations)) {
      problem = "every header value must be a string";
    } else {
      problem = target.isEmpty() ? null : target.get().getKey().actionProblem(actions);
    }
    if (problem != null) {
      headers.put(BusHeaders.VERDICT, BusHeaders.denied(FailureCodes.INVALID_ARGUMENT, problem));
      return Future.succeededFuture();
    }
    if (target.isEmpty()) {
      // Not a service (a reply, or an address the bridge refuses): nothing to run, nothing to check.
      headers.put(BusHeaders.VERDICT, BusHeaders.admitted());
      return Future.succeededFuture();
    }
    String method = (String) actions.get(0);
    headers.put(BusHeaders.ACTION, method);
    Map.Entry<ServiceCatalog, Boolean> service = target.get();
    return policy.admit(Requirement.of(service.getKey().shortName() + "." + method), service.getValue(), only(apiKeys),
        only(authorizations), "bridge " + service.getKey().shortName() + "." + method)
      .transform(ar -> {
        headers.put(BusHeaders.VERDICT, ar.succeeded() ? BusHeaders.admitted()
          : BusHeaders.denied(ar.cause() instanceof AccessDenied denied ? denied.status() : FailureCodes.INTERNAL,
          ar.cause() instanceof AccessDenied ? ar.cause().getMessage() : "access check failed"));
        return Future.succeededFuture();
      });
  }

  /** Removes a header whatever its case, answering its value when there is exactly one string. */
  private static String take(JsonObject headers, String name) {
    return only(takeAll(headers, name));
  }

  private static String only(List<Object> values) {
    return values.size() == 1 && values.get(0) instanceof String value ? value : null;
  }

  private static boolean allStrings(List<Object> values) {
    return values.stream().allMatch(String.class::isInstance);
  }

  /** Removes every header of this name, whatever its case, answering their values. */
  private static List<Object> takeAll(JsonObject headers, String name) {
    List<Object> values = new ArrayList<>();
    for (String key : List.copyOf(headers.fieldNames())) {
      if (key.equalsIgnoreCase(name)) {
        values.add(headers.remove(key));
      }
    }
    return values;
  }
}
