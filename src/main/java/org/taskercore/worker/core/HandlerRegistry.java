package org.taskercore.worker.core;

import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Step handlers by callable: registered in code or discovered with {@link ServiceLoader}. */
public final class HandlerRegistry {

  private final ConcurrentHashMap<String, StepHandler> handlers = new ConcurrentHashMap<>();

  /** @throws IllegalArgumentException when another handler already has that callable */
  public HandlerRegistry register(StepHandler handler) {
    StepHandler previous = handlers.putIfAbsent(handler.callable(), handler);
    if (previous != null && previous != handler) {
      throw new IllegalArgumentException("a step handler is already registered for callable '"
        + handler.callable() + "' (" + previous.getClass().getName() + ")");
    }
    return this;
  }

  /** Registers every handler that {@link StepHandlerProvider}s on the class path offer. */
  public HandlerRegistry discover(ClassLoader loader) {
    for (StepHandlerProvider provider : ServiceLoader.load(StepHandlerProvider.class, loader)) {
      provider.handlers().forEach(this::register);
    }
    return this;
  }

  public StepHandler get(String callable) {
    return callable == null ? null : handlers.get(callable);
  }

  public boolean isRegistered(String callable) {
    return get(callable) != null;
  }

  public Set<String> callables() {
    return new TreeSet<>(handlers.keySet());
  }
}
