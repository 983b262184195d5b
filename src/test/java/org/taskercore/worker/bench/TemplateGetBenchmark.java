package org.taskercore.worker.bench;

import io.vertx.core.json.JsonArray;
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
import org.taskercore.worker.service.template.TemplateQueryService;
import org.taskercore.worker.service.template.TemplateResponse;
import org.taskercore.worker.support.TestWorkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code templates.get} through the local proxy with 10, 1 000 and 10 000 templates loaded, each
 * call for a template picked at random (so the cache's size, not one hot entry, is what is timed).
 * The cache holds them all ({@code cache_max_entries} = the count) and is filled before timing:
 * what should stay flat is the lookup and the answer, whatever the number of templates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-DTASKER_LOG_LEVEL=warn"})
public class TemplateGetBenchmark {

  @Param({"10", "1000", "10000"})
  public int templates;

  private Path dir;
  private TaskerWorker worker;
  private TemplateQueryService service;

  @Setup(Level.Trial)
  public void start() throws IOException {
    dir = Files.createTempDirectory("bench-templates");
    for (int i = 0; i < templates; i++) {
      Files.writeString(dir.resolve("t" + i + ".yaml"), "name: task_" + i + "\nnamespace_name: bench\nversion: 1.0.0\n"
        + "steps:\n  - name: only\n    handler: {callable: payments.ValidateOrder}\n");
    }
    worker = TestWorkers.start(c -> c.set("worker.templates.search_paths", new JsonArray().add(dir + "/*.yaml"))
      .set("worker.templates.cache_max_entries", templates).set("worker.templates.max_file_bytes", 4096));
    service = TemplateQueryService.createProxy(worker.vertx(), TemplateQueryService.addressOf(worker.workerId()), 5_000);
    // Every template cached before anything is timed: a miss reads and parses its file, and random
    // picks from 10 000 would still be missing some after the warm-up.
    for (int i = 0; i < templates; i++) {
      try {
        service.get("bench", "task_" + i, "1.0.0").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("template task_" + i + " did not load", e);
      }
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    worker.stopAndWait(Duration.ofSeconds(30));
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public TemplateResponse get() throws Exception {
    int pick = ThreadLocalRandom.current().nextInt(templates);
    return service.get("bench", "task_" + pick, "1.0.0").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
