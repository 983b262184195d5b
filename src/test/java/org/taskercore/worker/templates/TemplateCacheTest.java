package org.taskercore.worker.templates;

import org.taskercore.worker.tasks.TemplateKey;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Template cache: counters, TTL and LRU eviction on an injected clock")
class TemplateCacheTest {

  @TempDir
  Path dir;

  private final AtomicLong now = new AtomicLong(1_000_000);
  private TemplateStore store;
  private final TemplateKey a = new TemplateKey("ns", "a", "1.0.0");
  private final TemplateKey b = new TemplateKey("ns", "b", "1.0.0");
  private final TemplateKey c = new TemplateKey("ns", "c", "1.0.0");

  @BeforeEach
  void templates() throws IOException {
    for (String name : List.of("a", "b", "c")) {
      Path file = dir.resolve("ns/" + name + "/1.0.0.yaml");
      Files.createDirectories(file.getParent());
      Files.writeString(file, TemplateStoreTest.GOOD.formatted(name, "ns"));
    }
    store = new TemplateStore(List.of("**/*.yaml"), dir, 3 * 1024 * 1024);
    store.scan();
  }

  @Test
  @DisplayName("a miss loads, a hit counts and ages, an unknown template is a miss")
  void hitsAndMisses() {
    TemplateCache cache = new TemplateCache(store, 10, 60_000, now::get);
    TemplateCache.Lookup first = cache.get(a);
    assertFalse(first.cached());
    assertEquals(1, first.accessCount());
    now.addAndGet(2_500);
    TemplateCache.Lookup second = cache.get(a);
    assertTrue(second.cached());
    assertEquals(2_500, second.ageMillis());
    assertEquals(2, second.accessCount());
    assertNull(cache.get(new TemplateKey("ns", "missing", "1.0.0")));
    assertEquals(new TemplateCache.Stats(1, 1, 2, 0, null), cache.stats());
  }

  @Test
  @DisplayName("an entry past its TTL is evicted on lookup and loaded again")
  void ttl() {
    TemplateCache cache = new TemplateCache(store, 10, 1_000, now::get);
    cache.get(a);
    now.addAndGet(999);
    assertTrue(cache.get(a).cached());
    now.addAndGet(1);
    assertFalse(cache.get(a).cached(), "expired at exactly the TTL");
    assertEquals(new TemplateCache.Stats(1, 1, 2, 1, null), cache.stats());
  }

  @Test
  @DisplayName("beyond max entries the entry used least goes")
  void lru() {
    TemplateCache cache = new TemplateCache(store, 2, 0, now::get);
    cache.get(a);
    cache.get(b);
    cache.get(a);           // b is now least recently used
    cache.get(c);           // evicts b
    assertTrue(cache.get(a).cached());
    assertFalse(cache.get(b).cached(), "b was evicted, so loading it again is a miss");
    TemplateCache.Stats stats = cache.stats();
    assertEquals(2, stats.totalEntries());
    assertEquals(2, stats.evictions(), "b for c, then c (least recent) for b");
    assertEquals(4, stats.misses());
    assertEquals(2, stats.hits());
  }

  @Test
  @DisplayName("clear counts every entry it drops; maintenance expires old ones and stamps its time")
  void clearAndMaintain() {
    TemplateCache cache = new TemplateCache(store, 10, 1_000, now::get);
    cache.get(a);
    cache.get(b);
    assertEquals(2, cache.clear());
    assertEquals(2, cache.stats().evictions());
    cache.get(a);
    now.addAndGet(500);
    cache.get(b);
    now.addAndGet(600);      // a is 1100 ms old, b 600 ms
    assertEquals(1, cache.maintain());
    TemplateCache.Stats stats = cache.stats();
    assertEquals(1, stats.totalEntries());
    assertEquals(3, stats.evictions());
    assertNotNull(stats.lastMaintenance());
    assertEquals(now.get(), stats.lastMaintenance().toEpochMilli());
  }

  @Test
  @DisplayName("refresh reads the file again; a vanished template answers null and leaves the cache")
  void refresh() throws IOException {
    TemplateCache cache = new TemplateCache(store, 10, 0, now::get);
    cache.get(a);
    Files.writeString(dir.resolve("ns/a/1.0.0.yaml"), TemplateStoreTest.GOOD.formatted("a", "ns")
      .replace("steps:", "description: changed\nsteps:"));
    assertEquals("changed", cache.refresh(a).template().description());
    assertEquals("changed", cache.get(a).template().description());
    Files.delete(dir.resolve("ns/a/1.0.0.yaml"));
    store.scan();
    assertNull(cache.refresh(a));
    assertEquals(0, cache.stats().totalEntries());
  }
}
