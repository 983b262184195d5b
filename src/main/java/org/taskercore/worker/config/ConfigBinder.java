package org.taskercore.worker.config;

import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the merged tree into typed records, checking every value once. Defaults are not here: the
 * bundled {@code conf/base/worker.toml} is always the first layer, so every key read is set.
 */
final class ConfigBinder {

  private static final Pattern HOST_PORT = Pattern.compile("^(.+):(\\d{1,5})$");
  private static final Pattern WORKER_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Set<String> EXPOSURE_MODES = Set.of("redact", "whitelist", "disabled");
  private static final Set<String> TRACE_EXPORTERS = Set.of("otlp", "zipkin", "logging");
  // nextInt, not generateSeed: a seed read from /dev/random may block on a machine short of entropy.
  private static final String PROCESS_WORKER_ID = String.format("worker-%08x", new SecureRandom().nextInt());

  private ConfigBinder() {
  }

  static TaskerConfig bind(ConfigReader r, String environment, JsonObject tree, List<String> layers) {
    return new TaskerConfig(environment, worker(r), cluster(r), metrics(r), tracing(r),
      new TaskerConfig.Common(r.string("common.database.url"),
        r.integer("common.database.pool_max_size", 1, 1000),
        r.number("common.database.connect_timeout_ms", 100, 600_000),
        r.number("common.database.statement_timeout_ms", 100, 3_600_000),
        r.number("common.database.outbox_retention_hours", 1, 24 * 365)), tree, layers);
  }

  private static TaskerConfig.Worker worker(ConfigReader r) {
    String workerId = r.string("worker.worker_id");
    if (workerId.isBlank()) {
      workerId = PROCESS_WORKER_ID;
    } else if (!WORKER_ID.matcher(workerId).matches()) {
      throw r.fail("worker.worker_id", "must match [A-Za-z0-9_.-]{1,64} (it is part of bus addresses), got \"" + workerId + "\"");
    }
    String[] web = hostPort(r, "worker.web.bind_address");
    String[] bridge = hostPort(r, "worker.bridge.bind_address");
    String exposure = r.string("worker.config_exposure.mode");
    if (!EXPOSURE_MODES.contains(exposure)) {
      throw r.fail("worker.config_exposure.mode", "must be one of redact, whitelist, disabled, got \"" + exposure + "\"");
    }
    return new TaskerConfig.Worker(
      workerId,
      r.strings("worker.namespaces"),
      r.number("worker.shutdown_timeout_ms", 0, 3_600_000),
      new TaskerConfig.Web(
        r.bool("worker.web.enabled"), web[0], Integer.parseInt(web[1]),
        r.number("worker.web.request_timeout_ms", 1, 3_600_000),
        r.bool("worker.web.sockjs_bridge"),
        auth(r),
        oneOf(r, "worker.web.access_log", Set.of("problems", "all", "off")),
        r.number("worker.web.access_log_slow_ms", 0, 3_600_000),
        r.bool("worker.web.ui"),
        r.number("worker.web.ui_refresh_ms", 250, 60_000)),
      new TaskerConfig.Templates(
        r.strings("worker.templates.search_paths"),
        r.integer("worker.templates.cache_max_entries", 1, 1_000_000),
        r.number("worker.templates.cache_ttl_seconds", 0, 86_400 * 365L),
        r.number("worker.templates.maintenance_interval_seconds", 0, 86_400),
        r.number("worker.templates.max_file_bytes", 1, 1024L * 1024 * 1024)),
      new TaskerConfig.Steps(
        r.integer("worker.steps.max_concurrency", 1, 10_000),
        r.integer("worker.steps.queue_capacity", 0, 1_000_000),
        r.integer("worker.steps.breaker_max_failures", 1, 1_000_000),
        r.number("worker.steps.breaker_window_ms", 1_000, 3_600_000), // Vert.x counts failures per whole second
        r.number("worker.steps.breaker_reset_ms", 1, 3_600_000),
        r.integer("worker.steps.error_window_seconds", 1, 86_400)),
      new TaskerConfig.Health(
        r.number("worker.health.check_timeout_ms", 1, 600_000),
        r.number("worker.health.cache_ttl_ms", 0, 600_000),
        r.number("worker.health.drain_delay_ms", 0, 600_000)),
      new TaskerConfig.Events(
        r.integer("worker.events.channel_capacity", 1, 10_000_000),
        r.string("worker.events.durable_address"),
        r.integer("worker.events.durable_max_attempts", 1, 100),
        r.number("worker.events.durable_retry_delay_ms", 0, 600_000),
        r.number("worker.events.durable_timeout_ms", 1, 600_000),
        r.bool("worker.events.forward_to_bus"),
        r.bool("worker.events.durable_log")),
      new TaskerConfig.Demo(
        r.bool("worker.demo.enabled"),
        r.number("worker.demo.interval_ms", 10, 3_600_000)),
      new TaskerConfig.ConfigExposure(exposure, r.strings("worker.config_exposure.whitelist")),
      bridge(r, bridge, web),
      r.number("worker.blocked_event_loop_warning_ms", 10, 600_000));
  }

  private static String oneOf(ConfigReader r, String key, Set<String> allowed) {
    String value = r.string(key);
    if (!allowed.contains(value)) {
      throw r.fail(key, "must be one of " + new java.util.TreeSet<>(allowed) + ", got \"" + value + "\"");
    }
    return value;
  }

  private static TaskerConfig.Auth auth(ConfigReader r) {
    boolean enabled = r.bool("worker.web.auth.enabled");
    List<String> apiKeys = r.strings("worker.web.auth.api_keys");
    if (apiKeys.stream().anyMatch(k -> k.length() < 16)) {
      throw r.fail("worker.web.auth.api_keys", "each key needs at least 16 characters");
    }
    List<TaskerConfig.KeyGrant> keys = keyGrants(r);
    TaskerConfig.Jwt jwt = new TaskerConfig.Jwt(
      r.string("worker.web.auth.jwt.public_key_file"), r.string("worker.web.auth.jwt.jwks_file"),
      r.string("worker.web.auth.jwt.issuer"), r.string("worker.web.auth.jwt.audience"),
      r.integer("worker.web.auth.jwt.clock_skew_seconds", 0, 3_600),
      r.string("worker.web.auth.jwt.permissions_claim"),
      r.number("worker.web.auth.jwt.max_token_lifetime_seconds", 1, 86_400 * 366L));
    if (!jwt.publicKeyFile().isBlank() && !jwt.jwksFile().isBlank()) {
      throw r.fail("worker.web.auth.jwt.jwks_file", "give public_key_file or jwks_file, not both");
    }
    if (enabled && apiKeys.isEmpty() && keys.isEmpty() && !jwt.configured()) {
      throw r.fail("worker.web.auth.enabled", "auth is enabled but nothing can pass it: give api_keys, [[keys]] or a jwt key");
    }
    return new TaskerConfig.Auth(enabled, r.string("worker.web.auth.api_key_header"), apiKeys, keys, jwt,
      r.strings("worker.web.auth.public_routes"));
  }

  private static List<TaskerConfig.KeyGrant> keyGrants(ConfigReader r) {
    Object raw = r.raw("worker.web.auth.keys");
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof io.vertx.core.json.JsonArray array)) {
      throw r.fail("worker.web.auth.keys", "expected [[worker.web.auth.keys]] tables of key and permissions");
    }
    List<TaskerConfig.KeyGrant> grants = new java.util.ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "worker.web.auth.keys[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject table) || !(table.getValue("key") instanceof String key)
        || !(table.getValue("permissions") instanceof io.vertx.core.json.JsonArray permissions)
        || permissions.stream().anyMatch(p -> !(p instanceof String))) {
        throw r.fail(at, "expected key = \"…\" and permissions = [\"templates:read\", …]");
      }
      if (key.length() < 16) {
        throw r.fail(at + ".key", "needs at least 16 characters");
      }
      grants.add(new TaskerConfig.KeyGrant(key, permissions.stream().map(String.class::cast).toList()));
    }
    return List.copyOf(grants);
  }

  private static TaskerConfig.Bridge bridge(ConfigReader r, String[] bindAddress, String[] webAddress) {
    boolean enabled = r.bool("worker.bridge.enabled");
    boolean remote = r.bool("worker.bridge.allow_unauthenticated_remote");
    boolean open = !remote && !r.bool("worker.web.auth.enabled");
    if (enabled && open && !LoopbackHosts.onlyLoopback(bindAddress[0])) {
      throw r.fail("worker.bridge.bind_address", "the bridge would let anyone who reaches " + bindAddress[0]
        + " call every service: with worker.web.auth.enabled = false it binds only to a loopback address, unless "
        + "worker.bridge.allow_unauthenticated_remote = true");
    }
    if (open && r.bool("worker.web.enabled") && r.bool("worker.web.sockjs_bridge")
      && !LoopbackHosts.onlyLoopback(webAddress[0])) {
      throw r.fail("worker.web.sockjs_bridge", "the SockJS bridge would let anyone who reaches " + webAddress[0]
        + " call every service: with worker.web.auth.enabled = false the web server binds only to a loopback address "
        + "(worker.web.bind_address), unless worker.bridge.allow_unauthenticated_remote = true");
    }
    return new TaskerConfig.Bridge(enabled, bindAddress[0], Integer.parseInt(bindAddress[1]), remote,
      r.integer("worker.bridge.max_frame_bytes", 64, 64 * 1024 * 1024),
      r.number("worker.bridge.idle_timeout_ms", 100, 86_400_000),
      r.integer("worker.bridge.max_connections", 1, 1_000_000));
  }

  private static TaskerConfig.Cluster cluster(ConfigReader r) {
    List<String> members = r.strings("cluster.members");
    for (String member : members) {
      if (!HOST_PORT.matcher(member).matches()) {
        throw r.fail("cluster.members", "each member is \"host:port\", got \"" + member + "\"");
      }
    }
    boolean enabled = r.bool("cluster.enabled");
    String host = r.string("cluster.host");
    String publicHost = r.string("cluster.public_host");
    TaskerConfig.Kubernetes kubernetes = new TaskerConfig.Kubernetes(
      r.bool("cluster.kubernetes.enabled"),
      r.string("cluster.kubernetes.service_dns"),
      r.integer("cluster.kubernetes.service_dns_timeout_seconds", 1, 300),
      r.string("cluster.kubernetes.namespace"),
      r.string("cluster.kubernetes.service_name"),
      r.string("cluster.kubernetes.service_label_name"),
      r.string("cluster.kubernetes.service_label_value"));
    if (kubernetes.enabled() && !members.isEmpty()) {
      throw r.fail("cluster.members", "give cluster.members or cluster.kubernetes.enabled = true, not both");
    }
    if (enabled) {
      requireReachable(r, host.isBlank() ? "" : publicHost.isBlank() ? host : publicHost,
        publicHost.isBlank() ? "cluster.host" : "cluster.public_host", members, kubernetes.enabled());
    }
    return new TaskerConfig.Cluster(
      enabled,
      r.string("cluster.name"),
      host,
      r.integer("cluster.port", 1, 65_535),
      members,
      r.number("cluster.query_timeout_ms", 1, 600_000),
      r.number("cluster.departed_grace_seconds", 0, 86_400),
      publicHost.isBlank() ? host : publicHost,
      r.integer("cluster.bus_port", 0, 65_535),
      r.integer("cluster.expected_workers", 0, 100_000),
      r.integer("cluster.member_timeout_seconds", 1, 3_600),
      r.integer("cluster.merge_first_delay_seconds", 1, 3_600),
      r.integer("cluster.merge_next_delay_seconds", 1, 3_600),
      kubernetes);
  }

  /**
   * A member that announces a loopback address to members on other machines forms a cluster of
   * one without a word: refused, naming both keys.
   */
  private static void requireReachable(ConfigReader r, String announced, String announcedKey, List<String> members,
                                       boolean kubernetes) {
    if (!LoopbackHosts.onlyLoopback(announced)) {
      return;
    }
    if (kubernetes) {
      throw r.fail(announcedKey, "\"" + announced + "\" is a loopback address, but cluster.kubernetes.enabled = true finds "
        + "members on other machines: set " + announcedKey + " to this machine's address (in Kubernetes, the pod IP)");
    }
    for (String member : members) {
      String memberHost = member.substring(0, member.lastIndexOf(':'));
      if (!LoopbackHosts.onlyLoopback(memberHost)) {
        throw r.fail(announcedKey, "\"" + announced + "\" is a loopback address, but cluster.members names \"" + member
          + "\" on another machine: set " + announcedKey + " to an address that machine can reach");
      }
    }
  }

  private static TaskerConfig.Tracing tracing(ConfigReader r) {
    String exporter = r.string("observability.tracing.exporter");
    if (!TRACE_EXPORTERS.contains(exporter)) {
      throw r.fail("observability.tracing.exporter", "must be one of otlp, zipkin, logging, got \"" + exporter + "\"");
    }
    String uiUrl = r.string("observability.tracing.ui_url");
    if (!uiUrl.isEmpty() && !uiUrl.contains("{trace_id}")) {
      throw r.fail("observability.tracing.ui_url", "must hold {trace_id} where the trace's id goes, got \"" + uiUrl + "\"");
    }
    String serviceName = r.string("observability.tracing.service_name");
    if (serviceName.isBlank()) {
      throw r.fail("observability.tracing.service_name", "must not be empty");
    }
    return new TaskerConfig.Tracing(r.bool("observability.tracing.enabled"), exporter,
      r.string("observability.tracing.endpoint"), r.fraction("observability.tracing.sample_ratio", 0, 1), serviceName, uiUrl);
  }

  private static TaskerConfig.Metrics metrics(ConfigReader r) {
    return new TaskerConfig.Metrics(
      r.bool("metrics.push.enabled"),
      r.string("metrics.push.url"),
      r.number("metrics.push.interval_seconds", 1, 86_400),
      r.string("metrics.push.job"),
      r.number("metrics.scrape_cache_ms", 0, 60_000));
  }

  private static String[] hostPort(ConfigReader r, String key) {
    String value = r.string(key);
    Matcher m = HOST_PORT.matcher(value);
    if (!m.matches() || Integer.parseInt(m.group(2)) > 65_535) {
      throw r.fail(key, "expected \"host:port\" with a port from 0 to 65535, got \"" + value + "\"");
    }
    return new String[] {m.group(1), m.group(2)};
  }
}
