package org.taskercore.worker.cli;

import io.vertx.core.json.JsonObject;
import org.taskercore.worker.protocol.HealthAnswer;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code probe live|ready [--url URL | --worker ID | --bridge HOST:PORT] [--timeout 5s]}: exits
 * with one of {@link #OK}, {@link #NOT}, {@link #UNREACHABLE}, {@link #USAGE} (the Python
 * {@code tasker-probe} uses the same four), and prints one line. Over HTTP (the JDK's client) and over the TCP bridge (a plain socket) it never
 * starts Vert.x, so a Kubernetes exec probe pays only for the JVM's start.
 */
final class ProbeCommand {

  static final String DEFAULT_URL = "http://127.0.0.1:8081";
  /** Live, or ready. */
  static final int OK = 0;
  /** The worker answered that it is not live, or not ready. */
  static final int NOT = 1;
  /** No answer: nothing listening, the connection lost, or no answer within the timeout. */
  static final int UNREACHABLE = 2;
  /** The command line was wrong. */
  static final int USAGE = 3;

  private ProbeCommand() {
  }

  static int run(List<String> args, PrintStream out) {
    ProbeArgs probe;
    try {
      probe = ProbeArgs.parse(args);
    } catch (IllegalArgumentException e) {
      out.println("probe: " + e.getMessage() + " (usage: probe live|ready [--url URL | --worker ID | --bridge HOST:PORT] [--timeout 5s] [--conf FILE])");
      return USAGE;
    }
    if (probe.workerId() != null) {
      return ClusterProbe.run(probe, out);
    }
    if (probe.bridge() != null) {
      return BridgeProbe.run(probe, out);
    }
    return overHttp(probe, out);
  }

  private static int overHttp(ProbeArgs probe, PrintStream out) {
    String url = probe.url().replaceAll("/+$", "") + "/health/" + probe.kind();
    long started = System.nanoTime();
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(probe.timeout()).build();
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(probe.timeout())
        .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
      long ms = (System.nanoTime() - started) / 1_000_000;
      return verdict(probe, response.statusCode(), parse(response.body()), ms, out);
    } catch (HttpTimeoutException e) {
      out.println(probe.kind() + ": unreachable (timed out after " + probe.timeout().toMillis() + " ms, " + url + ")");
    } catch (IllegalArgumentException e) {
      out.println("probe: bad url " + url + ": " + e.getMessage());
      return USAGE;
    } catch (Exception e) {
      out.println(probe.kind() + ": unreachable (" + url + ": " + describe(e) + ")");
    }
    return UNREACHABLE;
  }

  /** Live or ready as the web routes judge them ({@link HealthAnswer}), and HTTP 200. */
  static int verdict(ProbeArgs probe, int httpStatus, JsonObject body, long ms, PrintStream out) {
    String status = body == null ? null : body.getString("status");
    String worker = body == null ? "?" : body.getString("worker_id", "?");
    HealthAnswer answer = probe.kind().equals("live") ? HealthAnswer.LIVE : HealthAnswer.READY;
    boolean ok = httpStatus == 200 && answer.passes(status);
    if (ok) {
      out.println(probe.kind() + ": " + status + " (" + worker + ", " + ms + " ms)");
      return OK;
    }
    out.println(probe.kind() + ": not " + probe.kind() + " (HTTP " + httpStatus + ", status " + status + ", " + worker
      + (body == null ? "" : unhealthyChecks(body)) + ")");
    return NOT;
  }

  private static String unhealthyChecks(JsonObject body) {
    JsonObject checks = body.getJsonObject("checks");
    if (checks == null) {
      return body.containsKey("message") ? ": " + body.getString("message") : "";
    }
    StringBuilder why = new StringBuilder();
    for (String name : checks.fieldNames()) {
      JsonObject check = checks.getJsonObject(name);
      if (!"healthy".equals(check.getString("status"))) {
        why.append(why.length() == 0 ? ": " : "; ").append(name).append(" ").append(check.getString("message"));
      }
    }
    return why.toString();
  }

  private static JsonObject parse(String body) {
    try {
      return new JsonObject(body);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String describe(Exception e) {
    Throwable root = e;
    while (root.getCause() != null) {
      if (root instanceof java.net.ConnectException) {
        return "connection refused";
      }
      root = root.getCause();
    }
    if (root instanceof java.net.ConnectException || root instanceof java.nio.channels.ClosedChannelException) {
      return "connection refused";
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }

  /** The parsed arguments. */
  record ProbeArgs(String kind, String url, String workerId, String bridge, Duration timeout, Path conf) {

    static ProbeArgs parse(List<String> args) {
      if (args.isEmpty() || !List.of("live", "ready").contains(args.get(0))) {
        throw new IllegalArgumentException("first argument must be live or ready");
      }
      String url = null;
      String worker = null;
      String bridge = null;
      Path conf = null;
      Duration timeout = Duration.ofSeconds(5);
      for (int i = 1; i < args.size(); i++) {
        String flag = args.get(i);
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = args.get(++i);
        switch (flag) {
          case "--url" -> url = value;
          case "--worker" -> worker = value;
          case "--bridge" -> bridge = hostAndPort(value);
          case "--timeout" -> timeout = Durations.parse(value);
          case "--conf" -> conf = Path.of(value);
          default -> throw new IllegalArgumentException("unknown option " + flag);
        }
      }
      if (java.util.stream.Stream.of(url, worker, bridge).filter(java.util.Objects::nonNull).count() > 1) {
        throw new IllegalArgumentException("give one of --url, --worker and --bridge");
      }
      return new ProbeArgs(args.get(0), url == null ? DEFAULT_URL : url, worker, bridge, timeout, conf);
    }

    private static String hostAndPort(String value) {
      int colon = value.lastIndexOf(':');
      if (colon <= 0 || !value.substring(colon + 1).matches("\\d{1,5}")) {
        throw new IllegalArgumentException("--bridge needs host:port, got " + value);
      }
      return value;
    }
  }
}
