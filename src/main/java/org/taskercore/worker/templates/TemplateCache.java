package org.taskercore.worker.templates;

import org.taskercore.worker.tasks.TaskTemplate;
import org.taskercore.worker.tasks.TemplateKey;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * An LRU cache in front of the {@link TemplateStore} with a maximum size, a time to live and
 * per-entry age and access counts. Hits, misses and evictions are counted as they happen:
 * an expired entry found on lookup, a least-recently-used entry pushed out, every entry a
 * clear drops and every entry maintenance expires each count as one eviction.
 */
public final class TemplateCache {

  /** A lookup's answer: the template and what its own cache entry says. */
  public record Lookup(TaskTemplate template, boolean cached, long ageMillis, long accessCount) {
  }

  /** Counters at one moment; {@code lastMaintenance} is null until maintenance first runs. */
  public record Stats(int totalEntries, long hits, long misses, long evictions, Instant lastMaintenance) {
  }

  private static final class Entry {
    final TaskTemplate template;
    final long loadedAt;
    long accessCount;

    Entry(TaskTemplate template, long loadedAt) {
      this.template = template;
      this.loadedAt = loadedAt;
    }
  }

  private final TemplateStore store;
  private final int maxEntries;
  private final long ttlMillis;
  private final LongSupplier clockMillis;
  private final LinkedHashMap<TemplateKey, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long hits;
  private long misses;
  private long evictions;
  private Instant lastMaintenance;

  /** @param ttlMillis 0 keeps entries until evicted by size or cleared */
  public TemplateCache(TemplateStore store, int maxEntries, long ttlMillis, LongSupplier clockMillis) {
    this.store = store;
    this.maxEntries = maxEntries;
    this.ttlMillis = ttlMillis;
    this.clockMillis = clockMillis;
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
  public synchronized Lookup get(TemplateKey key) {
    long now = clockMillis.getAsLong();
    Entry entry = entries.get(key);
    if (entry != null && expired(entry, now)) {
      entries.remove(key);
      evictions++;
      entry = null;
    }
    if (entry != null) {
      hits++;
      entry.accessCount++;
      return new Lookup(entry.template, true, now - entry.loadedAt, entry.accessCount);
    }
    misses++;
    TaskTemplate template = store.read(key);
    if (template == null) {
      return null;
    }
    Entry loaded = put(key, template, now);
    loaded.accessCount++;
    return new Lookup(template, false, 0, loaded.accessCount);
  }

  /** Reads the template's file again and replaces its entry; null when no file holds it. */
  public synchronized Lookup refresh(TemplateKey key) {
    TaskTemplate template = store.read(key);
    if (template == null) {
      if (entries.remove(key) != null) {
        evictions++;
      }
      return null;
    }
    put(key, template, clockMillis.getAsLong());
    return new Lookup(template, false, 0, 0);
  }

  /** Drops every entry; each one counts as an eviction. Returns how many were dropped. */
  public synchronized int clear() {
    int dropped = entries.size();
    entries.clear();
    evictions += dropped;
    return dropped;
  }

  /** Drops expired entries and stamps the maintenance time. Returns how many were dropped. */
  public synchronized int maintain() {
    long now = clockMillis.getAsLong();
    int dropped = 0;
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      if (expired(it.next(), now)) {
        it.remove();
        dropped++;
      }
    }
    evictions += dropped;
    lastMaintenance = Instant.ofEpochMilli(now);
    return dropped;
  }

  public synchronized Stats stats() {
    return new Stats(entries.size(), hits, misses, evictions, lastMaintenance);
  }

  private Entry put(TemplateKey key, TaskTemplate template, long now) {
    Entry entry = new Entry(template, now);
    entries.put(key, entry);
    while (entries.size() > maxEntries) {
      Iterator<Map.Entry<TemplateKey, Entry>> eldest = entries.entrySet().iterator();
      eldest.next();
      eldest.remove();
      evictions++;
    }
    return entry;
  }

  private boolean expired(Entry entry, long now) {
    return ttlMillis > 0 && now - entry.loadedAt >= ttlMillis;
  }
}
