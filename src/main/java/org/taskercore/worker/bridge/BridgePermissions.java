package org.taskercore.worker.bridge;

import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import org.taskercore.worker.protocol.EventAddresses;
import org.taskercore.worker.service.ServiceCatalog;

import java.util.regex.Pattern;

/**
 * What a bridge client (TCP or SockJS) may send to: the four services, at their shared and
 * per-worker addresses, and nothing else; the step and durable-event addresses stay inside the
 * cluster. It may listen to the forwarded domain events ({@code tasker.events.fast.*}), with
 * {@code events:read} when access control is on. Replies need no permission.
 */
public final class BridgePermissions {

  static final Pattern SERVICES = Pattern.compile(ServiceCatalog.anyAddressRegex());
  static final Pattern FORWARDED_EVENTS = Pattern.compile(Pattern.quote(EventAddresses.FORWARDED_PREFIX) + ".+");

  private BridgePermissions() {
  }

  public static <T extends BridgeOptions> T services(T options) {
    options.addInboundPermitted(new PermittedOptions().setAddressRegex(SERVICES.pattern()));
    options.addOutboundPermitted(new PermittedOptions().setAddressRegex(FORWARDED_EVENTS.pattern()));
    return options;
  }
}
