package org.taskercore.worker.database;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.config.ConfigException;
import org.taskercore.worker.config.Redactor;
import org.taskercore.worker.config.TaskerConfig;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The connection pool ({@code vertx-pg-client}) and the schema. Start-up tries the server once:
 * reachable, the migrations run (a failing one fails the start); unreachable, the worker starts
 * anyway, not ready, and this keeps trying (connection, then migrations) with a growing pause
 * until the server answers. Every use of the pool goes through {@link #withConnection} or
 * {@link #withTransaction}, which count connections in use and callers waiting for one.
 */
public final class DatabaseVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseVerticle.class);
  private static final long FIRST_RETRY_MS = 500;
  private static final long MAX_RETRY_MS = 30_000;
  /** The protocol's SSLRequest code: a message every PostgreSQL server answers with one byte. */
  private static final int SSL_REQUEST_CODE = 80877103;

  /** Where the schema stands. */
  public enum State { CONNECTING, READY, FAILED }

  private final TaskerConfig.Common config;
  private final String where;
  private final AtomicInteger inUse = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();
  private PgConnectOptions connect;
  private Pool pool;
  private volatile State state = State.CONNECTING;
  private volatile String problem = "not connected yet";
  private long retryMs = FIRST_RETRY_MS;
  private long retryTimer = -1;
  private boolean stopped;

  public DatabaseVerticle(TaskerConfig.Common config) {
    this.config = config;
    this.where = Redactor.safeUrl(config.databaseUrl());
  }

  @Override
  public Future<?> start() {
    String url = config.databaseUrl().replaceFirst("^jdbc:", ""); // a JDBC URL names the same server
    try {
      connect = PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      // The parser's message quotes the URL whole, password and all: only the safe form may show.
      String why = DatabaseErrors.describe(e).replace(url, where);
      return Future.failedFuture(new ConfigException("common.database.url is not a postgresql:// URL (" + where + "): " + why));
    }
    connect.addProperty("statement_timeout", String.valueOf(config.statementTimeoutMs()))
      .addProperty("application_name", "tasker-worker")
      .setReconnectAttempts(0);
    pool = PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(config.poolMaxSize()).setName("tasker")
        .setConnectionTimeout((int) Math.max(1, config.connectTimeoutMs())).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
      // A server that stops answering would hold an open connection forever: nothing read for a
      // little longer than any statement may run closes it. An idle pooled connection closed this
      // way is simply opened again.
      .with(new NetClientOptions().setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMs()))
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, config.statementTimeoutMs() + 2_000)).setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
      .connectingTo(connect).using(vertx).build();
    Promise<Void> started = Promise.promise();
    attempt(started);
    return started.future();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(retryTimer);
    // Connections stuck on a silent server must not hold up the worker's stop.
    return pool == null ? Future.succeededFuture() : pool.close().timeout(2, TimeUnit.SECONDS).otherwiseEmpty();
  }

  public State state() {
    return state;
  }

  /** Why the database is not ready (null when it is). */
  public String problem() {
    return state == State.READY ? null : problem;
  }

  public int maxSize() {
    return config.poolMaxSize();
  }

  /** Connections open now. */
  public int size() {
    return pool == null ? 0 : pool.size();
  }

  public int inUse() {
    return inUse.get();
  }

  public int waiting() {
    return waiting.get();
  }

  public String where() {
    return where;
  }

  public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> work) {
    return counted(pool::withConnection, work);
  }

  /** The work in one transaction: committed when its future succeeds, rolled back when it fails. */
  public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> work) {
    return counted(pool::withTransaction, work);
  }

  private <T> Future<T> counted(Function<Function<SqlConnection, Future<T>>, Future<T>> use, Function<SqlConnection, Future<T>> work) {
    if (state != State.READY) {
      return Future.failedFuture(new IllegalStateException("database not ready: " + problem));
    }
    waiting.incrementAndGet();
    boolean[] acquired = {false};
    return use.apply(connection -> {
      acquired[0] = true;
      waiting.decrementAndGet();
      inUse.incrementAndGet();
      return work.apply(connection).onComplete(ar -> inUse.decrementAndGet());
    }).onComplete(ar -> {
      if (!acquired[0]) {
        waiting.decrementAndGet(); // no connection came: the server is away
      }
    });
  }

  /**
   * Whether something PostgreSQL-shaped answers at the URL's address: an SSLRequest (8 bytes) gets
   * one byte back from any server. The pool is not asked first because a connection it opens to a
   * server that accepts and never answers can be neither timed out nor closed, and holds up the
   * pool's close, and with it the worker's stop.
   */
  private Future<Void> answers() {
    int within = (int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMs());
    NetClient probe = vertx.createNetClient(new NetClientOptions().setConnectTimeout(within));
    return probe.connect(connect.getPort(), connect.getHost())
      .compose(socket -> {
        Promise<Void> answered = Promise.promise();
        socket.handler(reply -> answered.tryComplete());
        socket.closeHandler(v -> answered.tryFail("the server closed the connection without answering"));
        socket.write(Buffer.buffer().appendInt(8).appendInt(SSL_REQUEST_CODE));
        return answered.future()
          .timeout(within, TimeUnit.MILLISECONDS)
          .recover(e -> Future.failedFuture(e instanceof java.util.concurrent.TimeoutException
            ? new IllegalStateException("no answer within " + within + " ms") : e))
          .eventually(socket::close);
      })
      .eventually(probe::close);
  }

  /** One try: a query, then the migrations. Completes {@code started} the first time, whatever happens but a failed migration. */
  private void attempt(Promise<Void> started) {
    answers()
      .compose(yes -> pool.query("SELECT 1").execute())
      .recover(e -> Future.failedFuture(new Migrations.Unreachable(e)))
      .compose(ok -> Migrations.apply(vertx, connect, config.connectTimeoutMs()))
      .onSuccess(applied -> {
        state = State.READY;
        retryMs = FIRST_RETRY_MS;
        LOG.info("database {} ready ({} migration{} applied)", where, applied, applied == 1 ? "" : "s");
        started.tryComplete();
      })
      .onFailure(failure -> {
        if (failure instanceof Migrations.Unreachable) {
          problem = "cannot reach " + where + ": " + failure.getMessage();
          LOG.warn("database not ready: {}; trying again in {} ms", problem, retryMs);
          started.tryComplete(); // the worker starts, not ready
          if (!stopped) {
            retryTimer = vertx.setTimer(retryMs, t -> attempt(started));
            retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
          }
        } else {
          state = State.FAILED;
          problem = failure.getMessage();
          if (!started.tryFail(new ConfigException(problem))) {
            LOG.error("database {}: {}; the worker stays not ready", where, problem); // at start-up the start's failure says it
          }
        }
      });
  }
}
