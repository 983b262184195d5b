package org.taskercore.worker.support;

import io.vertx.core.json.JsonObject;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The simulated hosts of {@code scripts/netlab} for a test: built on start, removed on close (and
 * by a shutdown hook, so a test that dies leaves no namespace behind). Workers run on a host as
 * JVMs of their own; the test reads them with curl from inside the host's namespace.
 */
public final class Netlab implements AutoCloseable {

  private static final Path SCRIPT = Path.of("scripts/netlab").toAbsolutePath();
  private final List<Process> processes = new ArrayList<>();
  private final Thread cleanup = new Thread(() -> run("down"), "netlab down");

  private Netlab() {
  }

  /** Whether this machine can build a lab: root, with iproute2 (CI runs as root). */
  public static boolean possible() {
    boolean ip = new File("/usr/sbin/ip").canExecute() || new File("/sbin/ip").canExecute();
    return ip && "root".equals(System.getProperty("user.name"));
  }

  public static Netlab up(int hosts) {
    Netlab lab = new Netlab();
    Runtime.getRuntime().addShutdownHook(lab.cleanup);
    run("up", Integer.toString(hosts));
    return lab;
  }

  public static String address(int host) {
    return "198.18.0." + (10 + host);
  }

  /** The CLI in a JVM of its own on {@code host}, its whole output in {@code log}. */
  public Process start(int host, Map<String, String> env, File log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString(), "exec", Integer.toString(host),
      Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
      "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "-cp", System.getProperty("java.class.path"), "org.taskercore.worker.cli.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
    builder.environment().keySet().removeIf(name -> name.startsWith("TASKER"));
    builder.environment().put("TASKER_ENV", "test");
    builder.environment().putAll(env);
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  /** An HTTP GET from inside {@code host}: the status, and the body as JSON when it is JSON (else null). */
  public Answer get(int host, String url) {
    String out = run("exec", Integer.toString(host), "curl", "-s", "-m", "5", "-w", "\n%{http_code}", url);
    int split = out.lastIndexOf('\n');
    int status = split < 0 ? 0 : Integer.parseInt(out.substring(split + 1).trim());
    String body = split < 0 ? "" : out.substring(0, split);
    JsonObject json = null;
    try {
      json = body.startsWith("{") ? new JsonObject(body) : null;
    } catch (RuntimeException notJson) {
      // the status says enough
    }
    return new Answer(status, json, body);
  }

  public record Answer(int status, JsonObject json, String body) {
  }

  public void partition(int... hosts) {
    List<String> args = new ArrayList<>(List.of("partition"));
    for (int host : hosts) {
      args.add(Integer.toString(host));
    }
    run(args.toArray(String[]::new));
  }

  public void heal() {
    run("heal");
  }

  public void dns(String name) {
    run("dns", name);
  }

  /** Stops every process it started (SIGTERM, then SIGKILL), then removes the lab. */
  @Override
  public void close() {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
    run("down");
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  /** Stops the processes started so far, keeping the lab. */
  public void stopAll() {
    for (Process process : processes) {
      process.destroyForcibly();
    }
    for (Process process : processes) {
      try {
        process.waitFor(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
  }

  private static String run(String... args) {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("netlab " + String.join(" ", args) + " did not finish");
      }
      if (process.exitValue() != 0 && !args[0].equals("exec")) {
        throw new IllegalStateException("netlab " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
