package org.taskercore.worker.bench;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.cluster.ClusterNode;
import org.taskercore.worker.config.ConfigLoader;
import org.taskercore.worker.service.health.BasicHealth;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.TestCluster;
import org.taskercore.worker.support.WorkerProcess;
import org.taskercore.worker.support.TestWorkers;

import java.io.File;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The round trip of {@code health.basic} through a generated proxy: on the worker's own Vert.x
 * ({@code local}), and from a cluster member in this JVM to a worker in another JVM over the
 * clustered event bus on 127.0.0.1 ({@code cluster}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-DTASKER_LOG_LEVEL=warn"})
public class HealthRoundTripBenchmark {

  @Param({"local", "cluster"})
  public String path;

  private TaskerWorker local;
  private Process remote;
  private Vertx member;
  private HealthService health;
  private Context caller;
  private static final int CHAIN = 100;

  @Setup(Level.Trial)
  public void start() throws Exception {
    if (path.equals("local")) {
      local = TestWorkers.start(c -> { });
      health = HealthService.createProxy(local.vertx(), HealthService.addressOf(local.workerId()), 5_000);
      caller = local.vertx().getOrCreateContext();
      return;
    }
    TestCluster cluster = new TestCluster();
    Map<String, String> env = new HashMap<>(cluster.environment());
    env.put("TASKER__WORKER__WORKER_ID", "bench-remote");
    env.put("TASKER__WORKER__WEB__ENABLED", "false");
    remote = WorkerProcess.start(env, new File("target/bench-remote.log"), "run");
    ConfigLoader loader = TestWorkers.loader();
    cluster.configure(loader);
    member = ClusterNode.start(loader.load().cluster(), false, opts -> Vertx.builder().with(opts)).await(60, TimeUnit.SECONDS).vertx();
    health = HealthService.createProxy(member, HealthService.addressOf("bench-remote"), 5_000);
    caller = member.getOrCreateContext();
    Waits.await("the remote worker answers").atMost(Duration.ofSeconds(90)).until(() -> {
      try {
        return health.basic().await(5, TimeUnit.SECONDS) != null;
      } catch (Exception notYet) {
        return false;
      }
    });
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    if (local != null) {
      local.stopAndWait(Duration.ofSeconds(30));
    }
    if (member != null) {
      member.close().await(30, TimeUnit.SECONDS);
    }
    if (remote != null) {
      remote.destroy();
    }
  }

  /** From the benchmark's own thread, which waits: two thread hand-offs on top of the round trip. */
  @Benchmark
  public BasicHealth basic() throws Exception {
    return health.basic().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /**
   * From an event loop, as the HTTP routes call: {@value #CHAIN} calls in a row, each sent when the
   * one before it answered, so the figure per call is the round trip itself.
   */
  @Benchmark
  @OperationsPerInvocation(CHAIN)
  public Void basicFromEventLoop() throws Exception {
    Promise<Void> done = Promise.promise();
    caller.runOnContext(v -> chain(CHAIN, done));
    return done.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private void chain(int left, Promise<Void> done) {
    if (left == 0) {
      done.complete();
      return;
    }
    health.basic().onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
      } else {
        chain(left - 1, done);
      }
    });
  }

}
