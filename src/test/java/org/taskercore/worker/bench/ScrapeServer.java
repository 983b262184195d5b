package org.taskercore.worker.bench;

import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.TestWorkers;

/**
 * A worker in full mode on 127.0.0.1 whose registry holds about {@code series} samples, for the
 * HTTP scrape load test (scripts/bench-http-scrape). Arguments: port, series, scrape cache in ms.
 */
public final class ScrapeServer {

  private ScrapeServer() {
  }

  public static void main(String[] args) throws InterruptedException {
    int port = Integer.parseInt(args[0]);
    int series = Integer.parseInt(args[1]);
    long cacheMs = Long.parseLong(args[2]);
    TaskerWorker worker = TestWorkers.start(c -> c.set("worker.web.enabled", true)
      .set("worker.web.bind_address", "127.0.0.1:" + port).set("metrics.scrape_cache_ms", cacheMs));
    ScrapeBenchmark.SyntheticSeries.topUp(worker.meterRegistry(), series);
    System.out.println("ready: " + ScrapeBenchmark.SyntheticSeries.samples(worker.meterRegistry()) + " samples, "
      + worker.meterRegistry().scrape().length() + " bytes");
    Thread.currentThread().join();
  }
}
