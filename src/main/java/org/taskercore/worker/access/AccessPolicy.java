package org.taskercore.worker.access;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import org.taskercore.worker.config.ConfigException;
import org.taskercore.worker.config.TaskerConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decides one call: public, or the credentials it carries (an API key, or a bearer token) grant
 * what its {@link Requirement} asks, plus {@code cluster:read} for a call to a named worker.
 * Refusals are 401 without valid credentials and 403 without the permission; each is counted and
 * logged (rate-limited) without ever showing a credential.
 */
public final class AccessPolicy {

  /** The longest bearer token read; a longer one is refused unread. */
  static final int MAX_TOKEN_CHARS = 8 * 1024;
  private static final List<String> DEFAULT_PUBLIC = List.of("/health", "/health/*", "/metrics", "/cluster/health",
    "/cluster/metrics", "/api-docs", "/api-docs/*");

  private final TaskerConfig.Auth config;
  private final List<Grant> keys = new ArrayList<>();
  private final List<Pattern> publicPaths;
  private final JwtVerifier jwt;
  private final AuthFailures failures;

  /** What credentials grant: every permission, or the listed ones. */
  private record Grant(byte[] key, boolean all, Set<Permission> permissions) {
  }

  /** @throws ConfigException for an unknown permission name or an unreadable JWT key */
  public AccessPolicy(Vertx vertx, TaskerConfig.Auth config, MeterRegistry registry) {
    this.config = config;
    config.apiKeys().forEach(k -> keys.add(new Grant(k.getBytes(StandardCharsets.UTF_8), true, Set.of())));
    for (int i = 0; i < config.keys().size(); i++) {
      TaskerConfig.KeyGrant grant = config.keys().get(i);
      keys.add(new Grant(grant.key().getBytes(StandardCharsets.UTF_8), false,
        permissions(grant.permissions(), "worker.web.auth.keys[" + i + "].permissions")));
    }
    this.publicPaths = (config.publicRoutes().isEmpty() ? DEFAULT_PUBLIC : config.publicRoutes()).stream()
      .map(AccessPolicy::glob).toList();
    this.jwt = config.enabled() && config.jwt().configured() ? new JwtVerifier(vertx, config.jwt()) : null;
    this.failures = new AuthFailures(registry);
  }

  public boolean enabled() {
    return config.enabled();
  }

  /** The header an HTTP client sends its API key in. */
  public String apiKeyHeader() {
    return config.apiKeyHeader();
  }

  /**
   * Admits a call or fails with {@link AccessDenied}.
   *
   * @param namedWorker a call to one named worker ({@code /workers/{id}/…}, a per-worker address): needs {@code cluster:read}
   * @param apiKey        the API key sent, or null
   * @param authorization the {@code Authorization} header sent ({@code Bearer …}), or null
   * @param where         for the log line: the route or address
   */
  public Future<Void> admit(Requirement requirement, boolean namedWorker, String apiKey, String authorization, String where) {
    if (!config.enabled()) {
      return Future.succeededFuture();
    }
    Set<Permission> needed = EnumSet.noneOf(Permission.class);
    if (requirement.permission() != null) {
      needed.add(requirement.permission());
    }
    if (namedWorker) {
      needed.add(Permission.CLUSTER_READ);
    }
    if (needed.isEmpty() && isPublic(requirement.path())) {
      return Future.succeededFuture();
    }
    return granted(apiKey, authorization).compose(grant -> {
      Set<Permission> missing = EnumSet.copyOf(needed);
      missing.removeAll(grant.all() ? needed : grant.permissions());
      return missing.isEmpty() ? Future.<Void>succeededFuture()
        : Future.<Void>failedFuture(new AccessDenied(403, "forbidden", "access_denied: this call needs "
          + missing.stream().map(Permission::wireName).collect(Collectors.joining(" and "))));
    }).recover(e -> Future.failedFuture(e instanceof AccessDenied denied ? failures.record(denied, where) : e));
  }

  private boolean isPublic(String path) {
    return publicPaths.stream().anyMatch(p -> p.matcher(path).matches());
  }

  private Future<Grant> granted(String apiKey, String authorization) {
    if (apiKey != null && !apiKey.isEmpty()) {
      Grant grant = byKey(apiKey.getBytes(StandardCharsets.UTF_8));
      return grant != null ? Future.succeededFuture(grant)
        : Future.failedFuture(new AccessDenied(401, "bad_key", "access_denied: the API key is not valid"));
    }
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      if (jwt == null) {
        return Future.failedFuture(new AccessDenied(401, "bad_token", "access_denied: bearer tokens are not accepted here"));
      }
      String token = authorization.substring(7).trim();
      if (token.length() > MAX_TOKEN_CHARS) {
        return Future.failedFuture(new AccessDenied(401, "bad_token",
          "access_denied: the token is longer than " + MAX_TOKEN_CHARS + " characters"));
      }
      return jwt.verify(token)
        .compose(user -> bounded(user) ? Future.succeededFuture(user)
          : Future.failedFuture(new AccessDenied(401, "bad_token", "access_denied: the token must expire (exp) within "
          + config.jwt().maxTokenLifetimeSeconds() + " s of its issue (worker.web.auth.jwt.max_token_lifetime_seconds)")))
        .map(user -> {
          Object claim = user.principal().getValue(config.jwt().permissionsClaim());
          Set<Permission> permissions = EnumSet.noneOf(Permission.class);
          if (claim instanceof JsonArray names) {
            names.forEach(n -> Permission.of(String.valueOf(n)).ifPresent(permissions::add));
          }
          return new Grant(null, false, permissions);
        })
        .recover(e -> Future.failedFuture(e instanceof AccessDenied denied ? denied : tokenRefused(e)));
    }
    return Future.failedFuture(new AccessDenied(401, "missing",
      "access_denied: this call needs credentials: an API key (" + config.apiKeyHeader() + ") or a bearer token"));
  }

  /**
   * A token that never expires, or lives longer than allowed, would stay good long after a key or
   * a permission is withdrawn: it needs {@code exp}, at most the lifetime after {@code iat} and after now.
   */
  private boolean bounded(io.vertx.ext.auth.User claims) {
    // User.get reads the attributes the JWT provider copies exp and iat into, then the principal.
    if (!(claims.get("exp") instanceof Number exp)) {
      return false;
    }
    long lifetime = config.jwt().maxTokenLifetimeSeconds();
    long now = System.currentTimeMillis() / 1000;
    boolean fromIssue = !(claims.get("iat") instanceof Number iat) || exp.longValue() - iat.longValue() <= lifetime;
    return fromIssue && exp.longValue() - now <= lifetime;
  }

  /** Compares against every key in constant time, so timing tells nothing about a key. */
  private Grant byKey(byte[] given) {
    Grant found = null;
    for (Grant grant : keys) {
      if (MessageDigest.isEqual(grant.key(), given)) {
        found = grant;
      }
    }
    return found;
  }

  private static AccessDenied tokenRefused(Throwable e) {
    String why = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    if (why.contains("expired")) {
      return new AccessDenied(401, "expired", "access_denied: the token has expired");
    }
    if (why.contains("issuer")) {
      return new AccessDenied(401, "wrong_issuer", "access_denied: the token's issuer is not accepted");
    }
    if (why.contains("audience")) {
      return new AccessDenied(401, "wrong_audience", "access_denied: the token's audience is not this worker");
    }
    return new AccessDenied(401, "bad_token", "access_denied: the token is not valid");
  }

  private static Set<Permission> permissions(List<String> names, String key) {
    Set<Permission> out = EnumSet.noneOf(Permission.class);
    for (String name : names) {
      out.add(Permission.of(name).orElseThrow(() -> new ConfigException(key + ": unknown permission '" + name
        + "'; known: " + java.util.Arrays.stream(Permission.values()).map(Permission::wireName).toList())));
    }
    return out;
  }

  private static Pattern glob(String path) {
    return Pattern.compile(Pattern.quote(path).replace("*", "\\E.*\\Q"));
  }
}
