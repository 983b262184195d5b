package org.taskercore.worker.bridge;

import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;

/**
 * What a bridge client (TCP or SockJS) may send to: the four services, at their shared and
 * per-worker addresses, and nothing else; the step and durable-event addresses stay inside the
 * cluster. It may listen to the forwarded domain events ({@code tasker.events.fast.*}). Replies
 * need no permission.
 */
public final class BridgePermissions {

  static final String SERVICE_ADDRESSES = "tasker\\.worker\\.([A-Za-z0-9_.-]{1,64}\\.)?(health|metrics|templates|config)";

  static final String FORWARDED_EVENTS = "tasker\\.events\\.fast\\..+";

  private BridgePermissions() {
  }

  public static <T extends BridgeOptions> T services(T options) {
    options.addInboundPermitted(new PermittedOptions().setAddressRegex(SERVICE_ADDRESSES));
    options.addOutboundPermitted(new PermittedOptions().setAddressRegex(FORWARDED_EVENTS));
    return options;
  }
}
