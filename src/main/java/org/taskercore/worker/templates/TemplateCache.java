package org.taskercore.worker.templates;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.taskercore.worker.tasks.TaskTemplate;
import org.taskercore.worker.tasks.TemplateKey;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A Caffeine cache in front of the {@link TemplateStore} with a maximum size (Caffeine's
 * W-TinyLFU: the entry used least goes first), a time to live, and per-entry age and access
 * counts. Hits, misses and evictions are Caffeine's own statistics, plus every entry a clear or a
 * refresh of a vanished template drops, so the counters keep their meaning: an expired entry, an
 * entry pushed out by size and an entry cleared each count as one eviction.
 */
public final class TemplateCache {

  /** A lookup's answer: the template and what its own cache entry says. */
  public record Lookup(TaskTemplate template, boolean cached, long ageMillis, long accessCount) {
  }

  /** Counters at one moment; {@code lastMaintenance} is null until maintenance first runs. */
  public record Stats(int totalEntries, long hits, long misses, long evictions, Instant lastMaintenance) {
  }

  private record Entry(TaskTemplate template, long loadedAt, AtomicLong accessCount) {
  }

  private final TemplateStore store;
  private final LongSupplier clockMillis;
  private final Cache<TemplateKey, Entry> entries;
  private final AtomicLong dropped = new AtomicLong();
  private volatile Instant lastMaintenance;

  /** @param ttlMillis 0 keeps entries until evicted by size or cleared */
  public TemplateCache(TemplateStore store, int maxEntries, long ttlMillis, LongSupplier clockMillis) {
    this.store = store;
    this.clockMillis = clockMillis;
    Caffeine<Object, Object> builder = Caffeine.newBuilder()
      .maximumSize(maxEntries)
      .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clockMillis.getAsLong()))
      .executor(Runnable::run) // evict on the caller's thread, so the counts are exact when a call returns
      .recordStats();
    if (ttlMillis > 0) {
      builder.expireAfterWrite(Duration.ofMillis(ttlMillis));
    }
    this.entries = builder.build();
  }

  public TemplateStore store() {
    return store;
  }

  /**
   * The template, from the cache or else from its file (blocking I/O on a miss).
   *
   * @return null when no file holds the template
   * @throws TemplateStore.TemplateFileException when its file became malformed
   */
  public Lookup get(TemplateKey key) {
    Entry entry = entries.getIfPresent(key);
    if (entry != null) {
      return new Lookup(entry.template(), true, clockMillis.getAsLong() - entry.loadedAt(),
        entry.accessCount().incrementAndGet());
    }
    TaskTemplate template = store.read(key);
    if (template == null) {
      return null;
    }
    Entry loaded = load(key, template);
    return new Lookup(template, false, 0, loaded.accessCount().incrementAndGet());
  }

  /** Reads the template's file again and replaces its entry; null when no file holds it. */
  public Lookup refresh(TemplateKey key) {
    TaskTemplate template = store.read(key);
    if (template == null) {
      if (entries.asMap().remove(key) != null) {
        dropped.incrementAndGet();
      }
      return null;
    }
    load(key, template);
    return new Lookup(template, false, 0, 0);
  }

  /** Drops every entry; each one counts as an eviction. Returns how many were dropped. */
  public int clear() {
    int count = 0;
    for (TemplateKey key : entries.asMap().keySet()) {
      if (entries.asMap().remove(key) != null) {
        count++;
      }
    }
    dropped.addAndGet(count);
    return count;
  }

  /** Drops expired entries and stamps the maintenance time. Returns how many were dropped. */
  public int maintain() {
    long before = entries.stats().evictionCount();
    entries.cleanUp();
    lastMaintenance = Instant.ofEpochMilli(clockMillis.getAsLong());
    return (int) (entries.stats().evictionCount() - before);
  }

  public Stats stats() {
    var counts = entries.stats();
    return new Stats((int) entries.estimatedSize(), counts.hitCount(), counts.missCount(),
      counts.evictionCount() + dropped.get(), lastMaintenance);
  }

  private Entry load(TemplateKey key, TaskTemplate template) {
    Entry entry = new Entry(template, clockMillis.getAsLong(), new AtomicLong());
    entries.put(key, entry);
    return entry;
  }
}
