package org.taskercore.worker.core;

import java.util.List;

/**
 * Discovered through {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/org.taskercore.worker.core.StepHandlerProvider}.
 */
public interface StepHandlerProvider {

  List<StepHandler> handlers();
}
