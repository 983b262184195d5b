package org.taskercore.worker.config;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The whole configuration, parsed and validated once at start-up. {@code tree} is the merged
 * raw tree (what {@code config.runtime} shows after redaction); {@code layers} names the
 * sources in the order they were applied.
 */
public record TaskerConfig(String environment, Worker worker, Cluster cluster, Metrics metrics,
                           Tracing tracing, Common common, JsonObject tree, List<String> layers) {

  public record Worker(String workerId, List<String> namespaces, long shutdownTimeoutMs, Web web,
                       Templates templates, Steps steps, Health health, Events events, Demo demo,
                       ConfigExposure configExposure, Bridge bridge, long blockedEventLoopWarningMs) {
  }

  public record Web(boolean enabled, String host, int port, long requestTimeoutMs, boolean sockjsBridge, Auth auth,
                    String accessLog, long accessLogSlowMs, boolean ui, long uiRefreshMs) {
  }

  /**
   * Who may call what: {@code apiKeys} have every permission, {@code keys} only theirs, bearer
   * tokens are checked against {@code jwt}; paths matching {@code publicRoutes} need nothing.
   */
  public record Auth(boolean enabled, String apiKeyHeader, List<String> apiKeys, List<KeyGrant> keys, Jwt jwt,
                     List<String> publicRoutes) {
  }

  /** An API key with only the listed permissions ({@code templates:read}, …). */
  public record KeyGrant(String key, List<String> permissions) {
  }

  /** Bearer tokens: verified with the PEM public key or the JWKS document on disk (empty: no JWT). */
  public record Jwt(String publicKeyFile, String jwksFile, String issuer, String audience, int clockSkewSeconds,
                    String permissionsClaim, long maxTokenLifetimeSeconds) {
    public boolean configured() {
      return !publicKeyFile.isBlank() || !jwksFile.isBlank();
    }
  }

  public record Templates(List<String> searchPaths, int cacheMaxEntries, long cacheTtlSeconds,
                          long maintenanceIntervalSeconds, long maxFileBytes) {
  }

  /** Step executor limits and the circuit breaker every handler gets. */
  public record Steps(int maxConcurrency, int queueCapacity, int breakerMaxFailures, long breakerWindowMs,
                      long breakerResetMs, int errorWindowSeconds) {
  }

  public record Health(long checkTimeoutMs, long cacheTtlMs, long drainDelayMs) {
  }

  public record Events(int channelCapacity, String durableAddress, int durableMaxAttempts,
                       long durableRetryDelayMs, long durableTimeoutMs, boolean forwardToBus, boolean durableLog) {
  }

  public record Demo(boolean enabled, long intervalMs) {
  }

  public record ConfigExposure(String mode, List<String> whitelist) {
  }

  /**
   * The TCP bridge, and the rule both bridges share: with access control off, they serve only a
   * loopback address unless {@code allowUnauthenticatedRemote}. Each TCP connection is bounded by
   * {@code maxFrameBytes}, {@code idleTimeoutMs} (nothing read) and {@code maxConnections}.
   */
  public record Bridge(boolean enabled, String host, int port, boolean allowUnauthenticatedRemote, int maxFrameBytes,
                       long idleTimeoutMs, int maxConnections) {
  }

  /**
   * Hazelcast on {@code host}, joining the listed {@code members} over TCP (or finding them through
   * {@code kubernetes}); answers within {@code queryTimeoutMs}. Other members and clients are told
   * {@code publicHost}; the clustered event bus listens on {@code busPort} (0: any).
   */
  public record Cluster(boolean enabled, String name, String host, int port, List<String> members,
                        long queryTimeoutMs, long departedGraceSeconds, String publicHost, int busPort,
                        int expectedWorkers, int memberTimeoutSeconds, int mergeFirstDelaySeconds,
                        int mergeNextDelaySeconds, Kubernetes kubernetes) {
  }

  /**
   * Hazelcast's own Kubernetes discovery: DNS lookup of a headless Service ({@code serviceDns}),
   * or the Kubernetes API ({@code namespace}, {@code serviceName}, a service label).
   */
  public record Kubernetes(boolean enabled, String serviceDns, int serviceDnsTimeoutSeconds, String namespace,
                           String serviceName, String serviceLabelName, String serviceLabelValue) {
  }

  public record Metrics(boolean pushEnabled, String pushUrl, long pushIntervalSeconds, String pushJob, long scrapeCacheMs) {
  }

  /**
   * OpenTelemetry tracing ({@code observability.tracing.*}): off unless {@code enabled}. An empty
   * {@code endpoint} is the exporter's own default; {@code uiUrl} is a link template holding
   * {@code {trace_id}}, for the dashboard (empty: no links).
   */
  public record Tracing(boolean enabled, String exporter, String endpoint, double sampleRatio, String serviceName,
                        String uiUrl) {
  }

  /**
   * The database ({@code common.database.*}); an empty URL means none. The URL holds a password:
   * anything that shows it goes through {@link Redactor#safeUrl}.
   */
  public record Common(String databaseUrl, int poolMaxSize, long connectTimeoutMs, long statementTimeoutMs,
                       long outboxRetentionHours) {
    public boolean hasDatabase() {
      return databaseUrl != null && !databaseUrl.isBlank();
    }
  }
}
