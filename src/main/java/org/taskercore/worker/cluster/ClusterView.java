package org.taskercore.worker.cluster;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.taskercore.worker.protocol.FailureCodes;
import org.taskercore.worker.protocol.HealthAnswer;
import org.taskercore.worker.protocol.HealthStatus;
import org.taskercore.worker.service.metrics.SnapshotCodec;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.service.metrics.MetricsQueryService;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Cluster-wide answers built by asking every worker in parallel, each bounded by
 * {@code cluster.query_timeout_ms}: the directory, every worker's health (with why any could not
 * be reached), and one scrape holding every worker's series labelled {@code worker_id}.
 */
public final class ClusterView {

  private final Vertx vertx;
  private final WorkerDirectory directory;
  private final long timeoutMs;
  private final int expectedWorkers;
  private final Tracer tracer;
  /** Workers this view has seen answer, by id, with when: the ones that vanish are still named while some are missing. */
  private final Map<String, Instant> seen = new ConcurrentHashMap<>();
  /** Calls waiting on a worker, by the node it runs on: they fail at once if that node leaves. */
  private final Map<String, Set<Waiting>> waiting = new ConcurrentHashMap<>();
  private final SharedCall<JsonObject, SpanContext> health = new SharedCall<>(this::gatherHealth);
  private final SharedCall<String, SpanContext> metrics = new SharedCall<>(this::gatherMetrics);

  private record Waiting(String workerId, Promise<?> answer) {
  }

  /**
   * @param expectedWorkers {@code cluster.expected_workers}: fewer visible is unhealthy (0: no expectation)
   * @param tracer          where each fan-out's per-worker spans come from (a no-op one when tracing is off)
   */
  public ClusterView(Vertx vertx, WorkerDirectory directory, long timeoutMs, int expectedWorkers, Tracer tracer) {
    this.tracer = tracer;
    this.vertx = vertx;
    this.directory = directory;
    this.timeoutMs = timeoutMs;
    this.expectedWorkers = expectedWorkers;
    directory.onDeparture(this::departed);
  }

  /** The bound on every answer from one named worker ({@code cluster.query_timeout_ms}). */
  public long queryTimeoutMs() {
    return timeoutMs;
  }

  /**
   * A call to one worker, which fails at once with 503 naming the worker if the worker's node
   * leaves the cluster before answering; a send to a member that is gone would otherwise wait for
   * its whole timeout.
   */
  public <T> Future<T> untilDeparted(String workerId, Future<T> call) {
    if (!directory.clustered()) {
      return call;
    }
    Promise<T> answer = Promise.promise();
    call.onComplete(answer::tryComplete, answer::tryFail);
    directory.nodeOf(workerId).onSuccess(node -> watch(node, workerId, answer));
    return answer.future();
  }

  /** The same, for a fan-out that already read the worker's node from the directory. */
  private <T> Future<T> untilDeparted(String workerId, String nodeId, Future<T> call) {
    Promise<T> answer = Promise.promise();
    call.onComplete(answer::tryComplete, answer::tryFail);
    watch(nodeId, workerId, answer);
    return answer.future();
  }

  private void watch(String nodeId, String workerId, Promise<?> answer) {
    if (nodeId == null || answer.future().isComplete()) {
      return;
    }
    Waiting entry = new Waiting(workerId, answer);
    waiting.computeIfAbsent(nodeId, n -> ConcurrentHashMap.newKeySet()).add(entry);
    answer.future().onComplete(done -> {
      Set<Waiting> calls = waiting.get(nodeId); // gone already when the node left
      if (calls != null) {
        calls.remove(entry);
      }
    });
  }

  private void departed(String nodeId) {
    Set<Waiting> calls = waiting.remove(nodeId);
    if (calls != null) {
      calls.forEach(call -> call.answer().tryFail(new ServiceException(FailureCodes.NOT_RUNNING,
        "worker '" + call.workerId() + "' left the cluster (node " + nodeId + ") before answering")));
    }
  }

  /** {@code {"workers": [...], "count": n}}: live workers only. */
  public Future<JsonObject> workers() {
    return bounded(directory.live()).map(live -> new JsonObject().put("workers", new JsonArray(new ArrayList<>(live)))
      .put("count", live.size()));
  }

  /**
   * DESIGN §8b; {@code status} is healthy only when every worker is reachable and healthy. Callers
   * that ask while a fan-out is under way share it ({@link SharedCall}); they only read the answer.
   */
  public Future<JsonObject> health() {
    return fannedOut("cluster.health", health);
  }

  /** Every live worker's series, each labelled {@code worker_id}, plus {@code tasker_cluster_worker_up}; shared like {@link #health()}. */
  public Future<String> metrics() {
    return fannedOut("cluster.metrics", metrics);
  }

  /**
   * A caller's fan-out as a span: the asks of the fan-out it starts hang below it; one that joins a
   * fan-out under way has no asks of its own, so its span says whose it shares ({@code tasker.shared},
   * a link, and {@code tasker.shared_trace_id} for backends that show no links).
   */
  private <T> Future<T> fannedOut(String spanName, SharedCall<T, SpanContext> call) {
    Span span = tracer.spanBuilder(spanName).startSpan();
    SharedCall.Joined<T, SpanContext> joined;
    try (Scope ignored = span.makeCurrent()) {
      joined = call.get(span.getSpanContext());
    }
    if (joined.shared()) {
      span.setAttribute("tasker.shared", true).setAttribute("tasker.shared_trace_id", joined.startedBy().getTraceId())
        .addLink(joined.startedBy());
    }
    return endedWith(span, joined.answer());
  }

  /** Ends the span when the answer comes, an error with why when it failed. */
  private static <T> Future<T> endedWith(Span span, Future<T> answer) {
    return answer.andThen(ar -> {
      if (ar.failed()) {
        span.setStatus(StatusCode.ERROR, String.valueOf(ar.cause().getMessage()));
      }
      span.end();
    });
  }

  private Future<JsonObject> gatherHealth() {
    Context caller = Context.current();
    return bounded(directory.entries()).compose(entries -> {
      List<Future<JsonObject>> answers = new ArrayList<>();
      for (WorkerDirectory.Entry entry : entries) {
        String id = entry.workerId();
        answers.add(asked("cluster.health.ask", id, caller, () -> entry.departed()
          ? ServiceException.fail(FailureCodes.NOT_RUNNING, entry.departedWhy())
          : healthOf(id, entry.worker().getString("node_id")))
          .otherwise(e -> e instanceof AskFailed failed ? failed.entry : unreachable(id, entry.departedWhy(), 0)));
      }
      return Future.join(answers).transform(ignored -> {
        JsonArray workers = new JsonArray();
        answers.forEach(a -> workers.add(a.result()));
        return Future.succeededFuture(summary(withVanished(workers)));
      });
    });
  }

  private Future<String> gatherMetrics() {
    Context caller = Context.current();
    return bounded(directory.live()).compose(live -> {
      Map<String, Future<JsonObject>> scrapes = new LinkedHashMap<>();
      for (JsonObject worker : live) {
        String id = worker.getString("worker_id");
        scrapes.put(id, asked("cluster.metrics.ask", id, caller, () -> untilDeparted(id, worker.getString("node_id"),
          MetricsQueryService.createProxy(vertx, MetricsQueryService.addressOf(id), timeoutMs).snapshot())));
      }
      return Future.join(new ArrayList<>(scrapes.values())).transform(ignored -> {
        Map<String, JsonObject> answered = new LinkedHashMap<>();
        JsonArray up = new JsonArray();
        scrapes.forEach((id, scrape) -> {
          if (scrape.succeeded()) {
            answered.put(id, scrape.result());
          }
          up.add(new JsonObject().put("labels", new JsonObject().put("worker_id", id)).put("value", scrape.succeeded() ? 1 : 0));
        });
        answered.put("", new JsonObject().put("families", new JsonArray().add(new JsonObject()
          .put("name", "tasker_cluster_worker_up").put("type", "gauge")
          .put("help", "1 when the worker answered this cluster scrape, else 0").put("points", up))));
        return Future.succeededFuture(SnapshotCodec.mergedText(answered));
      });
    });
  }

  /** A directory read is bounded too: a cluster map that stops answering must not hang a view. */
  private <T> Future<T> bounded(Future<T> read) {
    return read.timeout(timeoutMs, TimeUnit.MILLISECONDS).recover(e -> ServiceException.fail(FailureCodes.NOT_RUNNING,
      "the worker directory did not answer within " + timeoutMs + " ms: " + e.getMessage()));
  }

  private Future<JsonObject> healthOf(String workerId, String nodeId) {
    long started = System.nanoTime();
    return untilDeparted(workerId, nodeId, HealthService.createProxy(vertx, HealthService.addressOf(workerId), timeoutMs).detailed())
      .map(health -> new JsonObject().put("worker_id", workerId).put("reachable", true)
        .put("status", health.getStatus()).putNull("error").put("duration_ms", elapsedMs(started))
        .put("health", health.toJson()))
      .recover(e -> Future.failedFuture(new AskFailed(unreachable(workerId, why(e), elapsedMs(started)))));
  }

  /** A worker that did not answer, with the entry the view lists for it. */
  private static final class AskFailed extends RuntimeException {
    private final JsonObject entry;

    AskFailed(JsonObject entry) {
      super(entry.getString("error"), null, false, false);
      this.entry = entry;
    }
  }

  /**
   * One worker asked in a fan-out, as a child span of the fan-out's (marked {@code tasker.worker_id},
   * an error when the worker did not answer); the proxy call's own spans hang below it.
   */
  private <T> Future<T> asked(String spanName, String workerId, Context caller, Supplier<Future<T>> call) {
    Span span = tracer.spanBuilder(spanName).setParent(caller).setAttribute("tasker.worker_id", workerId).startSpan();
    Future<T> answer;
    try (Scope ignored = span.makeCurrent()) {
      answer = call.get();
    }
    return endedWith(span, answer);
  }

  private String why(Throwable e) {
    if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
      return "no answer within " + timeoutMs + " ms";
    }
    if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
      return "no health service registered for this worker";
    }
    return String.valueOf(e.getMessage());
  }

  private static JsonObject unreachable(String workerId, String error, long ms) {
    return new JsonObject().put("worker_id", workerId).put("reachable", false).put("status", "unreachable")
      .put("error", error).put("duration_ms", ms).putNull("health");
  }

  /**
   * With an expectation set, a worker seen before that is no longer in the directory at all (its
   * departure's grace has passed, or it is on the other side of a partition) stays listed as
   * unreachable while fewer workers than expected answer; once enough answer, it is forgotten.
   */
  private JsonArray withVanished(JsonArray workers) {
    if (expectedWorkers <= 0) {
      return workers;
    }
    Set<String> listed = new java.util.HashSet<>();
    int reachable = 0;
    for (int i = 0; i < workers.size(); i++) {
      JsonObject worker = workers.getJsonObject(i);
      listed.add(worker.getString("worker_id"));
      if (worker.getBoolean("reachable")) {
        reachable++;
        if (seen.size() < MAX_REMEMBERED || seen.containsKey(worker.getString("worker_id"))) {
          seen.put(worker.getString("worker_id"), Instant.now().truncatedTo(ChronoUnit.MILLIS));
        }
      }
    }
    if (reachable >= expectedWorkers) {
      seen.keySet().retainAll(listed);
      return workers;
    }
    seen.forEach((id, at) -> {
      if (!listed.contains(id)) {
        workers.add(unreachable(id, "not seen in the cluster since " + at, 0));
      }
    });
    return workers;
  }

  /** Bounds the memory of seen workers: ids come from the directory, which any member writes. */
  private static final int MAX_REMEMBERED = 10_000;

  private JsonObject summary(JsonArray workers) {
    int healthy = 0;
    int unreachable = 0;
    List<HealthStatus> statuses = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      JsonObject w = workers.getJsonObject(i);
      HealthStatus status = w.getBoolean("reachable") ? HealthStatus.ofWireName(w.getString("status")) : HealthStatus.UNHEALTHY;
      statuses.add(status);
      healthy += status == HealthStatus.HEALTHY ? 1 : 0;
      unreachable += w.getBoolean("reachable") ? 0 : 1;
    }
    JsonObject summary = new JsonObject();
    if (expectedWorkers > 0) {
      int missing = Math.max(0, expectedWorkers - (workers.size() - unreachable));
      if (missing > 0) {
        statuses.add(HealthStatus.UNHEALTHY); // fewer workers than the cluster should have
      }
      summary.put("expected", expectedWorkers).put("missing", missing);
    }
    return summary.put("status", HealthAnswer.CLUSTER.status(statuses))
      .put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
      .put("total", workers.size()).put("healthy", healthy).put("unreachable", unreachable).put("workers", workers);
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
