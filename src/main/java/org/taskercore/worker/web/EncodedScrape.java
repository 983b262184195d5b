package org.taskercore.worker.web;

import io.vertx.core.buffer.Buffer;

/**
 * The bytes of the last scrape text served. The worker's scrape cache hands out the same String
 * for {@code metrics.scrape_cache_ms}, and the local bus passes it through as is, so a storm of
 * scrapes encodes a 50 KB text once rather than per request. Compared by identity on purpose:
 * another String, even an equal one, is simply encoded again.
 */
final class EncodedScrape {

  private record Last(String text, Buffer bytes) {
  }

  private volatile Last last;

  Buffer bytesOf(String text) {
    Last seen = last;
    if (seen == null || seen.text() != text) {
      seen = new Last(text, Buffer.buffer(text));
      last = seen;
    }
    return seen.bytes();
  }
}
