package org.taskercore.worker.database;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.events.DomainEvent;
import org.taskercore.worker.events.DurableEventsRefused;
import org.taskercore.worker.events.DurableSink;
import org.taskercore.worker.events.StepRecord;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code tasker.domain_event_outbox}: a step's durable events are inserted in one transaction with
 * the step's row in {@code tasker.step_results}; the deliverer claims pending rows
 * ({@code FOR UPDATE SKIP LOCKED}, then a lease, so the workers sharing the database each claim
 * different ones), sends each, and marks it delivered once acknowledged. A worker that dies
 * holding a lease loses nothing: the lease runs out and the row is claimed again.
 */
public final class Outbox implements DurableSink {

  private static final String INSERT_STEP = "INSERT INTO tasker.step_results (task_uuid, namespace, step_name, worker_id, "
    + "status, attempts, started_at, finished_at, duration_ms, result, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
  private static final String INSERT_EVENT = "INSERT INTO tasker.domain_event_outbox (id, event_name, payload) VALUES ($1, $2, $3)";
  private static final String CLAIM = "UPDATE tasker.domain_event_outbox o SET attempts = o.attempts + 1, "
    + "claimed_until = now() + make_interval(secs => $2), claimed_by = $3 "
    + "FROM (SELECT id FROM tasker.domain_event_outbox WHERE delivered_at IS NULL AND (claimed_until IS NULL OR claimed_until < now()) "
    + "ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED) claimed WHERE o.id = claimed.id "
    + "RETURNING o.id, o.event_name, o.payload, o.attempts";
  private static final String DELIVERED = "UPDATE tasker.domain_event_outbox SET delivered_at = now(), claimed_until = NULL, "
    + "last_error = NULL WHERE id = $1";
  private static final String NOT_DELIVERED = "UPDATE tasker.domain_event_outbox SET claimed_until = now() + make_interval(secs => $2), "
    + "last_error = $3 WHERE id = $1";
  private static final String PENDING = "SELECT count(*) FROM tasker.domain_event_outbox WHERE delivered_at IS NULL";
  private static final String PRUNE = "DELETE FROM tasker.domain_event_outbox WHERE delivered_at < now() - make_interval(hours => $1)";

  /** A claimed row: what to send. */
  public record Claimed(UUID id, String eventName, JsonObject payload, int attempts) {
  }

  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final long QUIET_MS = 10_000;

  private final DatabaseVerticle database;
  private final Runnable onStored;
  private final AtomicLong lastWarned = new AtomicLong(Long.MIN_VALUE / 2);
  private final LongAdder quietRefusals = new LongAdder();

  /** @param onStored told after each commit, so the deliverer need not wait for its next round */
  public Outbox(DatabaseVerticle database, Runnable onStored) {
    this.database = database;
    this.onStored = onStored;
  }

  @Override
  public Future<Void> accept(StepRecord step, List<DomainEvent> events) {
    List<Tuple> rows = new ArrayList<>();
    for (DomainEvent event : events) {
      rows.add(Tuple.of(UUID.fromString(event.eventId()), event.name(), event.toJson()));
    }
    Tuple stepRow = Tuple.of(step.taskUuid(), step.namespace(), step.stepName(), step.workerId(), step.status())
      .addInteger(step.attempts())
      .addOffsetDateTime(step.startedAt().atOffset(ZoneOffset.UTC))
      .addOffsetDateTime(step.finishedAt().atOffset(ZoneOffset.UTC))
      .addLong(step.durationMs())
      .addValue(step.result())
      .addString(step.error());
    return database.<Void>withTransaction(connection -> connection.preparedQuery(INSERT_STEP).execute(stepRow)
        .compose(inserted -> connection.preparedQuery(INSERT_EVENT).executeBatch(rows)).mapEmpty())
      .onSuccess(v -> onStored.run())
      .recover(e -> {
        DurableEventsRefused refused = new DurableEventsRefused("durable events not stored ("
          + String.join(", ", events.stream().map(DomainEvent::name).toList()) + "): " + DatabaseErrors.describe(e), e);
        warnNowAndThen(step, refused);
        return Future.failedFuture(refused);
      });
  }

  /** One line per refusal would be a storm while the database is away: the first, then one per {@value #QUIET_MS} ms. */
  private void warnNowAndThen(StepRecord step, DurableEventsRefused refused) {
    long now = System.currentTimeMillis();
    long last = lastWarned.get();
    if (now - last >= QUIET_MS && lastWarned.compareAndSet(last, now)) {
      long more = quietRefusals.sumThenReset();
      LOG.warn("step {} of task {}: {}{}", step.stepName(), step.taskUuid(), refused.getMessage(),
        more == 0 ? "" : " (" + more + " more steps refused since the last line)");
    } else {
      quietRefusals.increment();
    }
  }

  /** Claims up to {@code limit} pending rows for {@code leaseSeconds}. */
  Future<List<Claimed>> claim(int limit, double leaseSeconds, String workerId) {
    return database.withConnection(c -> c.preparedQuery(CLAIM).execute(Tuple.of(limit, leaseSeconds, workerId)))
      .map(Outbox::claimed);
  }

  Future<Void> delivered(UUID id) {
    return database.withConnection(c -> c.preparedQuery(DELIVERED).execute(Tuple.of(id))).mapEmpty();
  }

  /** Not acknowledged: tried again after {@code retrySeconds}, by whichever worker claims it then. */
  Future<Void> notDelivered(UUID id, double retrySeconds, String error) {
    return database.withConnection(c -> c.preparedQuery(NOT_DELIVERED).execute(Tuple.of(id, retrySeconds, error))).mapEmpty();
  }

  Future<Long> pending() {
    return database.withConnection(c -> c.query(PENDING).execute()).map(rows -> rows.iterator().next().getLong(0));
  }

  Future<Integer> prune(long retentionHours) {
    return database.withConnection(c -> c.preparedQuery(PRUNE).execute(Tuple.of((int) retentionHours))).map(RowSet::rowCount);
  }

  private static List<Claimed> claimed(RowSet<Row> rows) {
    List<Claimed> claimed = new ArrayList<>();
    for (Row row : rows) {
      claimed.add(new Claimed(row.getUUID("id"), row.getString("event_name"), (JsonObject) row.getValue("payload"),
        row.getInteger("attempts")));
    }
    return claimed;
  }
}
