package org.taskercore.worker.database;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.TestCluster;
import org.taskercore.worker.support.TestDatabase;
import org.taskercore.worker.support.TestWorkers;
import org.taskercore.worker.support.WorkerProcess;

import java.io.File;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The durable outbox against a real PostgreSQL: stored with the step, delivered at least once, nothing lost")
class OutboxTest {

  static final String NOTIFY = "notifications/send_notification/1.0.0";
  static final String PENDING = "SELECT count(*) FROM tasker.domain_event_outbox WHERE delivered_at IS NULL";
  static final String ALL = "SELECT count(*) FROM tasker.domain_event_outbox";

  /** A consumer at the durable address that remembers every event id it was given, and acknowledges. */
  static final class Deduplicating {
    final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    final AtomicInteger deliveries = new AtomicInteger();

    MessageConsumer<JsonObject> register(Vertx vertx) {
      return vertx.eventBus().consumer("tasker.events.durable", message -> {
        deliveries.incrementAndGet();
        seen.computeIfAbsent(message.body().getString("event_id"), id -> new AtomicInteger()).incrementAndGet();
        message.reply(new JsonObject().put("acknowledged", message.body().getString("event_id")));
      });
    }

    int distinct() {
      return seen.size();
    }
  }

  @Test
  @DisplayName("a step's durable events are stored with its outcome in one transaction, then delivered; metrics and /metrics/events show it")
  void storedWithTheStepThenDelivered() throws Exception {
    String url = TestDatabase.fresh();
    TaskerWorker worker = TestWorkers.start(c -> c.set("common.database.url", url));
    try {
      JsonObject task = worker.runTaskAndWait(NOTIFY, new JsonObject(), Duration.ofSeconds(30));
      String taskUuid = task.getString("task_uuid");
      assertThat(TestDatabase.count(url, "SELECT count(*) FROM tasker.step_results WHERE task_uuid = '" + taskUuid + "'"))
        .as("the steps that had durable events are recorded").isPositive();
      Waits.await("every stored event delivered").atMost(Duration.ofSeconds(20))
        .until(() -> TestDatabase.count(url, ALL) > 0 && TestDatabase.count(url, PENDING) == 0);
      assertThat(TestDatabase.count(url, "SELECT count(*) FROM tasker.domain_event_outbox o WHERE payload->>'task_uuid' = '"
        + taskUuid + "' AND payload->>'event_id' = o.id::text")).as("each row is the event its consumer receives").isPositive();
      Waits.await("the delivered counter").atMost(Duration.ofSeconds(5))
        .until(() -> worker.meterRegistry().scrape().contains("tasker_domain_events_outbox_delivered_total "));
      assertThat(worker.meterRegistry().get("tasker.domain.events.outbox.delivered").functionCounter().count()).isPositive();
      assertThat(worker.meterRegistry().get("tasker.worker.db.pool.size").gauge().value()).isEqualTo(10);
    } finally {
      worker.stopAndWait(Duration.ofSeconds(30));
    }
  }

  @Test
  @DisplayName("a worker killed between storing and delivering loses nothing: after a restart each event arrives exactly once")
  void killedWorkerLosesNothing() throws Exception {
    String url = TestDatabase.fresh();
    // No consumer anywhere: the first worker stores events and cannot deliver them.
    Process first = WorkerProcess.start(Map.of("TASKER__COMMON__DATABASE__URL", url, "TASKER__WORKER__WEB__ENABLED", "false",
      "TASKER__WORKER__EVENTS__DURABLE_LOG", "false", "TASKER__WORKER__DEMO__ENABLED", "true",
      "TASKER__WORKER__DEMO__INTERVAL_MS", "50"), new File("target/outbox-killed.log"), "run");
    try {
      Waits.await("20 stored events the worker tried and failed to deliver (see target/outbox-killed.log)").atMost(Duration.ofSeconds(90))
        .until(() -> tableExists(url) && TestDatabase.count(url, PENDING + " AND attempts > 0") >= 20);
    } finally {
      first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // no graceful stop
    }
    long stored = TestDatabase.count(url, ALL);
    assertThat(TestDatabase.count(url, PENDING)).as("nothing was delivered before the kill").isEqualTo(stored);

    Vertx host = Vertx.vertx();
    Deduplicating consumer = new Deduplicating();
    consumer.register(host).completion().await(10, TimeUnit.SECONDS);
    TaskerWorker second = TestWorkers.start(host, c -> c.set("common.database.url", url)
      .set("worker.events.durable_log", false), b -> { });
    try {
      Waits.await("the backlog of " + stored + " delivered").atMost(Duration.ofSeconds(60))
        .until(() -> consumer.distinct() == stored);
      Waits.await("every row marked delivered").atMost(Duration.ofSeconds(10))
        .until(() -> TestDatabase.count(url, PENDING) == 0);
      assertThat(consumer.deliveries.get()).as("no event delivered twice").isEqualTo((int) stored);
    } finally {
      second.stopAndWait(Duration.ofSeconds(30));
      host.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("two clustered workers on one database share a backlog of 1 000: none lost, none delivered twice")
  void twoWorkersShareTheBacklog() throws Exception {
    String url = TestDatabase.fresh();
    TestCluster cluster = new TestCluster();
    try {
      TaskerWorker a = cluster.starting("outbox-a", c -> c.set("common.database.url", url).set("worker.events.durable_log", false))
        .await(90, TimeUnit.SECONDS);
      cluster.starting("outbox-b", c -> c.set("common.database.url", url).set("worker.events.durable_log", false))
        .await(90, TimeUnit.SECONDS);
      Deduplicating consumer = new Deduplicating();
      consumer.register(a.vertx()).completion().await(10, TimeUnit.SECONDS);
      TestDatabase.execute(url, "INSERT INTO tasker.domain_event_outbox (id, event_name, payload) "
        + "SELECT id, 'backlog.event', jsonb_build_object('event_id', id::text, 'name', 'backlog.event', 'n', n) "
        + "FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, 1000) AS n) AS backlog");
      Waits.await("1 000 events delivered").atMost(Duration.ofSeconds(60)).until(() -> consumer.distinct() == 1000);
      Waits.await("every row marked delivered").atMost(Duration.ofSeconds(10))
        .until(() -> TestDatabase.count(url, PENDING) == 0);
      assertThat(consumer.deliveries.get()).as("no event delivered twice").isEqualTo(1000);
      long byBoth = TestDatabase.count(url, "SELECT count(DISTINCT claimed_by) FROM tasker.domain_event_outbox");
      System.out.println("outbox: the backlog was claimed by " + byBoth + " worker(s)");
    } finally {
      cluster.stopAll().await(60, TimeUnit.SECONDS);
    }
  }

  private static boolean tableExists(String url) {
    return TestDatabase.count(url, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'tasker' "
      + "AND table_name = 'domain_event_outbox'") == 1;
  }
}
