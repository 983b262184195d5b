package org.taskercore.worker.service;

import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import org.taskercore.worker.events.BusForwarder;

import java.util.regex.Pattern;

/**
 * What a bridge client (TCP or SockJS) may send to: the four services, at their shared and
 * per-worker addresses, and nothing else; the step and durable-event addresses stay inside the
 * cluster. It may listen to the forwarded domain events ({@code tasker.events.fast.*}). Replies
 * need no permission.
 */
public final class BridgePermissions {

  static final String FORWARDED_EVENTS = Pattern.quote(BusForwarder.ADDRESS_PREFIX) + ".+";

  private BridgePermissions() {
  }

  public static <T extends BridgeOptions> T services(T options) {
    options.addInboundPermitted(new PermittedOptions().setAddressRegex(ServiceCatalog.anyAddressRegex()));
    options.addOutboundPermitted(new PermittedOptions().setAddressRegex(FORWARDED_EVENTS));
    return options;
  }
}
