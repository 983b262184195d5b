package org.taskercore.worker.database;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * The schema, versioned in {@code db/migration} and applied by Flyway at start-up: each migration
 * in its own transaction, recorded in {@code tasker.flyway_schema_history}, none applied twice;
 * Flyway's own lock (a PostgreSQL advisory lock) keeps two workers starting at once from both
 * applying one. JDBC, so always on a worker thread.
 */
final class Migrations {

  static final String SCHEMA = "tasker";

  private Migrations() {
  }

  /** Applies what is missing; answers how many migrations ran. Fails with {@link Unreachable} when the server cannot be reached. */
  static Future<Integer> apply(Vertx vertx, PgConnectOptions connect, long connectTimeoutMs) {
    return vertx.executeBlocking(() -> {
      try {
        MigrateResult result = Flyway.configure()
          .dataSource(jdbcUrl(connect, connectTimeoutMs), connect.getUser(), connect.getPassword())
          .schemas(SCHEMA).createSchemas(true)
          .locations("classpath:db/migration")
          .connectRetries(0)
          .load().migrate();
        return result.migrationsExecuted;
      } catch (RuntimeException e) {
        throw unreachable(e) ? new Unreachable(e) : new MigrationFailed(e);
      }
    }, false);
  }

  private static String jdbcUrl(PgConnectOptions connect, long connectTimeoutMs) {
    long seconds = Math.max(1, (connectTimeoutMs + 999) / 1000);
    return "jdbc:postgresql://" + connect.getHost() + ":" + connect.getPort() + "/" + connect.getDatabase()
      + "?connectTimeout=" + seconds + "&socketTimeout=" + Math.max(30, seconds * 6) + "&ApplicationName=tasker-worker-migrations";
  }

  /** A server that cannot be reached (or will not take connections yet) is worth trying again; anything else is not. */
  private static boolean unreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof SocketTimeoutException || t instanceof UnknownHostException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null
        && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P") || sql.getSQLState().equals("53300"))) {
        return true;
      }
    }
    return false;
  }

  /** The server could not be reached; the caller tries again later. */
  static final class Unreachable extends RuntimeException {
    Unreachable(Throwable cause) {
      super(DatabaseErrors.describe(cause), cause);
    }
  }

  /** A migration itself failed: the schema needs a person, not a retry. */
  static final class MigrationFailed extends RuntimeException {
    MigrationFailed(Throwable cause) {
      super("database migration failed: " + DatabaseErrors.describe(cause), cause);
    }
  }
}
