package org.taskercore.worker.service;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BaseBridgeEvent;
import io.vertx.ext.bridge.BridgeEventType;
import org.taskercore.worker.access.AccessDenied;
import org.taskercore.worker.access.AccessPolicy;
import org.taskercore.worker.access.Requirement;

import java.util.Map;

/**
 * Access control for both event-bus bridges (TCP and SockJS): a message to a service carries a
 * key ({@code x-api-key}) or a token ({@code authorization: Bearer …}) in its headers, checked
 * against what the service method needs (the same table as its HTTP route). The bridge strips the
 * credentials and stamps its verdict into a header a client cannot set ({@link #VERDICT}, always
 * overwritten); {@link ActionGuard} refuses a message stamped denied with 401 or 403 and the
 * message naming the missing permission, which the bridge hands back as an error frame.
 */
public final class BridgeAccess {

  /** Set by the bridge on every message it lets through; absent on messages from inside the cluster. */
  static final String VERDICT = "x-tasker-access";
  static final String DENIED = "denied ";

  private final AccessPolicy policy;

  public BridgeAccess(AccessPolicy policy) {
    this.policy = policy;
  }

  public void handle(BaseBridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    if (raw == null || (event.type() != BridgeEventType.SEND && event.type() != BridgeEventType.PUBLISH)) {
      event.complete(true);
      return;
    }
    JsonObject headers = raw.getJsonObject("headers");
    if (headers == null) {
      headers = new JsonObject();
      raw.put("headers", headers);
    }
    JsonObject stamped = headers;
    String apiKey = take(stamped, "x-api-key");
    String authorization = take(stamped, "authorization");
    take(stamped, VERDICT);
    if (!policy.enabled()) {
      event.complete(true);
      return;
    }
    String address = raw.getString("address");
    var target = ServiceCatalog.byAddress(address);
    Object action = stamped.getValue("action");
    if (target.isEmpty() || !(action instanceof String method) || !target.get().getKey().methods().containsKey(method)) {
      event.complete(true); // a reply, or a call the guard will refuse as malformed
      return;
    }
    Map.Entry<ServiceCatalog, Boolean> service = target.get();
    policy.admit(Requirement.of(service.getKey().shortName() + "." + method), service.getValue(), apiKey, authorization,
        "bridge " + address)
      .onComplete(ar -> {
        if (ar.failed()) {
          int status = ar.cause() instanceof AccessDenied denied ? denied.status() : 500;
          stamped.put(VERDICT, DENIED + status + " " + ar.cause().getMessage());
        }
        event.setRawMessage(raw);
        event.complete(true);
      });
  }

  /** Removes a header whatever its case, answering its value. */
  private static String take(JsonObject headers, String name) {
    String value = null;
    for (String key : java.util.List.copyOf(headers.fieldNames())) {
      if (key.equalsIgnoreCase(name)) {
        Object removed = headers.remove(key);
        value = removed == null ? null : String.valueOf(removed);
      }
    }
    return value;
  }
}
