package org.taskercore.worker;

import org.taskercore.worker.tasks.StepRequest;
import org.taskercore.worker.service.ServiceCatalog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which event-bus addresses get a metric label, derived from the service catalogue: the shared
 * service addresses as they are, each per-worker address folded to one value per service (a
 * caller chooses the worker id), the step and event addresses as they are. Nothing else is
 * labelled, so the label set stays bounded.
 */
final class BusLabels {

  private static final String NAME = org.taskercore.worker.protocol.TemplateNames.SEGMENT.pattern();

  private BusLabels() {
  }

  static Map<String, String> all() {
    Map<String, String> labels = new LinkedHashMap<>();
    for (ServiceCatalog service : ServiceCatalog.values()) {
      labels.put(Pattern.quote(service.address(null)), null);
      labels.put(service.perWorkerAddressRegex(), service.address("<id>"));
    }
    labels.put(Pattern.quote(StepRequest.address("")) + NAME, null);
    labels.put(Pattern.quote("tasker.events.") + NAME, null);
    return labels;
  }
}
