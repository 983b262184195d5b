package org.taskercore.worker.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL for the tests: the one {@code scripts/test} started
 * ({@code TASKER_TEST_DATABASE_URL}), or else one started here through {@code scripts/postgres}
 * and stopped when the JVM exits. Each test takes a database of its own, so tests never see each
 * other's rows. {@link #dedicated()} starts a server a test may stop and start again.
 */
public final class TestDatabase {

  private static String shared;

  private TestDatabase() {
  }

  /** A new, empty database on the shared server, as a postgresql:// URL. */
  public static String fresh() {
    String server = server();
    String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute(server, "CREATE DATABASE " + name);
    return server.substring(0, server.lastIndexOf('/') + 1) + name;
  }

  /** Runs statements on the database a URL names (JDBC: the tests' own checks, never the worker's path). */
  public static void execute(String url, String... statements) {
    try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
    }
  }

  /** The first column of the first row of a query. */
  public static long count(String url, String query) {
    try (Connection connection = connect(url); Statement statement = connection.createStatement();
         var rows = statement.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
    }
  }

  public static Connection connect(String url) throws SQLException {
    java.net.URI uri = java.net.URI.create(url);
    String[] user = uri.getUserInfo().split(":", 2);
    return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(), user[0], user[1]);
  }

  private static synchronized String server() {
    if (shared == null) {
      String given = System.getenv("TASKER_TEST_DATABASE_URL");
      shared = given != null && !given.isBlank() ? given : dedicated().url();
    }
    return shared;
  }

  /** A server of its own, stopped (and its files removed) when the JVM exits. */
  public static Server dedicated() {
    try {
      Path dir = Files.createTempDirectory("tasker-pg-");
      Server server = new Server(dir, run("start", dir).strip());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          run("stop", dir);
        } catch (IOException | RuntimeException e) {
          System.err.println("could not stop the test database in " + dir + ": " + e.getMessage());
        }
      }));
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server this test controls. */
  public record Server(Path dir, String url) {
    public void pause() throws IOException {
      run("pause", dir);
    }

    public void resume() throws IOException {
      run("resume", dir);
    }

    /** Suspends the server's processes: it accepts connections and never answers. */
    public void freeze() throws IOException {
      run("freeze", dir);
    }

    public void thaw() throws IOException {
      run("thaw", dir);
    }
  }

  private static String run(String action, Path dir) throws IOException {
    Process process = new ProcessBuilder(List.of("scripts/postgres", action, dir.toString())).redirectErrorStream(false).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("scripts/postgres " + action + " failed: " + err);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return out;
  }
}
