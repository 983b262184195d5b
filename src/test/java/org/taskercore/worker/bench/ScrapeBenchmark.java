package org.taskercore.worker.bench;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.TestWorkers;

import java.util.concurrent.TimeUnit;

/**
 * What one scrape of a running worker's registry costs (Prometheus text 0.0.4), at about 1 000
 * and 10 000 series: the worker's, Vert.x's and the JVM's own, topped up with synthetic gauges.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-DTASKER_LOG_LEVEL=warn"})
public class ScrapeBenchmark {

  @Param({"1000", "10000"})
  public int series;

  private TaskerWorker worker;
  private PrometheusMeterRegistry registry;

  @Setup(Level.Trial)
  public void start() {
    worker = TestWorkers.start(c -> { });
    registry = worker.meterRegistry();
    SyntheticSeries.topUp(registry, series);
  }

  @TearDown(Level.Trial)
  public void stop() {
    worker.stopAndWait(java.time.Duration.ofSeconds(30));
  }

  @Benchmark
  public String scrape() {
    return registry.scrape();
  }

  /** Adds gauges until the scrape holds {@code target} samples. */
  static final class SyntheticSeries {
    private SyntheticSeries() {
    }

    static int samples(PrometheusMeterRegistry registry) {
      return (int) registry.scrape().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).count();
    }

    static void topUp(PrometheusMeterRegistry registry, int target) {
      int missing = target - samples(registry);
      for (int i = 0; i < missing; i++) {
        int value = i;
        Gauge.builder("tasker_bench_synthetic", () -> value).description("benchmark filler")
          .tags("shard", String.valueOf(i % 16), "series", String.valueOf(i)).register(registry);
      }
    }
  }
}
