package org.taskercore.worker.database;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taskercore.worker.support.TestDatabase;
import org.taskercore.worker.support.WorkerProcess;

import java.io.File;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Migrations against a real PostgreSQL: once only, one worker at a time, a failure stops start-up")
class MigrationsTest {

  static final String APPLIED = "SELECT count(*) FROM tasker.flyway_schema_history WHERE success AND version IS NOT NULL";

  @Test
  @DisplayName("applied twice in a row: the second time changes nothing")
  void twice(Vertx vertx, VertxTestContext ctx) {
    String url = TestDatabase.fresh();
    PgConnectOptions connect = PgConnectOptions.fromUri(url);
    Migrations.apply(vertx, connect, 5_000)
      .compose(first -> Migrations.apply(vertx, connect, 5_000).map(second -> new int[] {first, second}))
      .onComplete(ctx.succeeding(runs -> ctx.verify(() -> {
        assertThat(runs[0]).as("the first run applies every migration").isPositive();
        assertThat(runs[1]).as("the second applies none").isZero();
        assertThat(TestDatabase.count(url, APPLIED)).isEqualTo(runs[0]);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("two workers migrating at once: each migration applied once, both succeed")
  void twoAtOnce(Vertx vertx, VertxTestContext ctx) {
    String url = TestDatabase.fresh();
    PgConnectOptions connect = PgConnectOptions.fromUri(url);
    Future.all(Migrations.apply(vertx, connect, 5_000), Migrations.apply(vertx, connect, 5_000))
      .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
        int total = both.<Integer>resultAt(0) + both.<Integer>resultAt(1);
        assertThat(TestDatabase.count(url, APPLIED)).as("history").isEqualTo(total);
        assertThat(Math.min(both.<Integer>resultAt(0), both.<Integer>resultAt(1))).as("one of them found nothing to do").isZero();
        assertThat(TestDatabase.count(url, "SELECT count(*) FROM tasker.domain_event_outbox")).isZero();
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a migration that fails stops start-up: exit 2, one clear line, no password")
  void failureStopsStartUp() throws Exception {
    String url = TestDatabase.fresh();
    TestDatabase.execute(url, "CREATE SCHEMA tasker", "CREATE TABLE tasker.domain_event_outbox (unexpected integer)");
    File log = new File("target/migration-failure.log");
    Process worker = WorkerProcess.start(Map.of("TASKER__COMMON__DATABASE__URL", url, "TASKER__WORKER__WEB__ENABLED", "false"), log, "run");
    assertThat(worker.waitFor(120, TimeUnit.SECONDS)).as("the worker gave up").isTrue();
    String output = Files.readString(log.toPath());
    assertThat(worker.exitValue()).as(output).isEqualTo(2);
    assertThat(output).contains("database migration failed");
    assertThat(output).doesNotContain(PgConnectOptions.fromUri(url).getPassword());
  }
}
