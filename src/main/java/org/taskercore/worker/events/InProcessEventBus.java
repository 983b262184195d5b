package org.taskercore.worker.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Delivers events inside the JVM to pattern subscribers: handlers ({@code payment.*}, {@code *})
 * called on the publisher's thread, and bounded {@link EventChannel}s. A failing handler or a
 * full channel is counted and never stops delivery to the other subscribers.
 */
public final class InProcessEventBus {

  private static final Logger LOG = LoggerFactory.getLogger(InProcessEventBus.class);

  /** Counters at one moment (DESIGN §5 {@code in_process_bus}). */
  public record Stats(long totalEventsDispatched, long handlerDispatches, long handlerErrors,
                      long channelDispatches, long channelDrops, int subscriberPatterns,
                      int handlerCount, int channelSubscriberCount) {
  }

  /** Whether a dispatch reached every subscriber. */
  public record Dispatch(int delivered, int failed) {
  }

  private record HandlerSubscription(String pattern, Pattern regex, Consumer<DomainEvent> handler) {
  }

  private record ChannelSubscription(Pattern regex, EventChannel channel) {
  }

  private final int defaultChannelCapacity;
  private final List<HandlerSubscription> handlers = new CopyOnWriteArrayList<>();
  private final List<ChannelSubscription> channels = new CopyOnWriteArrayList<>();
  private final LongAdder dispatched = new LongAdder();
  private final LongAdder handlerDispatches = new LongAdder();
  private final LongAdder handlerErrors = new LongAdder();
  private final LongAdder channelDispatches = new LongAdder();
  private final LongAdder channelDrops = new LongAdder();

  /** @param defaultChannelCapacity the bound of a channel subscribed without one ({@code worker.events.channel_capacity}) */
  public InProcessEventBus(int defaultChannelCapacity) {
    this.defaultChannelCapacity = defaultChannelCapacity;
  }

  /** Subscribes a handler; the returned action unsubscribes it. Handlers must not block. */
  public Runnable subscribe(String pattern, Consumer<DomainEvent> handler) {
    HandlerSubscription subscription = new HandlerSubscription(pattern, compile(pattern), handler);
    handlers.add(subscription);
    return () -> handlers.remove(subscription);
  }

  /** A channel bounded by {@code worker.events.channel_capacity}. */
  public EventChannel subscribeChannel(String pattern) {
    return subscribeChannel(pattern, defaultChannelCapacity);
  }

  public EventChannel subscribeChannel(String pattern, int capacity) {
    ChannelSubscription[] holder = new ChannelSubscription[1];
    EventChannel channel = new EventChannel(pattern, capacity, () -> channels.remove(holder[0]));
    holder[0] = new ChannelSubscription(compile(pattern), channel);
    channels.add(holder[0]);
    return channel;
  }

  public Dispatch dispatch(DomainEvent event) {
    dispatched.increment();
    int delivered = 0;
    int failed = 0;
    for (HandlerSubscription subscription : handlers) {
      if (!subscription.regex().matcher(event.name()).matches()) {
        continue;
      }
      handlerDispatches.increment();
      try {
        subscription.handler().accept(event);
        delivered++;
      } catch (RuntimeException e) {
        handlerErrors.increment();
        failed++;
        LOG.warn("event handler for '{}' failed on event {}: {}", subscription.pattern(), event.name(), e.toString());
      }
    }
    for (ChannelSubscription subscription : channels) {
      if (!subscription.regex().matcher(event.name()).matches()) {
        continue;
      }
      if (subscription.channel().offer(event)) {
        channelDispatches.increment();
        delivered++;
      } else {
        channelDrops.increment();
        failed++;
      }
    }
    return new Dispatch(delivered, failed);
  }

  public Stats stats() {
    java.util.Set<String> patterns = new java.util.HashSet<>();
    handlers.forEach(h -> patterns.add(h.pattern()));
    channels.forEach(c -> patterns.add(c.channel().pattern()));
    return new Stats(dispatched.sum(), handlerDispatches.sum(), handlerErrors.sum(),
      channelDispatches.sum(), channelDrops.sum(), patterns.size(), handlers.size(), channels.size());
  }

  /** {@code *} matches any run of characters, dots included; everything else is literal. */
  static Pattern compile(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      throw new IllegalArgumentException("an event pattern must not be empty");
    }
    java.util.StringJoiner regex = new java.util.StringJoiner(".*");
    for (String literal : pattern.split("\\*", -1)) {
      regex.add(literal.isEmpty() ? "" : Pattern.quote(literal));
    }
    return Pattern.compile(regex.toString());
  }
}
