package org.taskercore.worker.web;

import io.vertx.ext.web.RoutingContext;
import org.taskercore.worker.config.TaskerConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.regex.Pattern;

/**
 * With {@code worker.web.auth.enabled}, every route needs one of the configured API keys in
 * {@code api_key_header}, except what probes and scrapers call (health, {@code /metrics}) and the
 * API docs. A missing or wrong key answers 401 in the error shape.
 */
final class ApiKeys {

  private static final Pattern OPEN = Pattern.compile(
    "^(/workers/[^/]+)?/health(/.*)?$|^(/workers/[^/]+)?/metrics/?$|^/cluster/(health|metrics)$|^/api-docs(/.*)?$");

  private final String header;
  private final List<byte[]> keys;

  ApiKeys(TaskerConfig.Auth auth) {
    this.header = auth.apiKeyHeader();
    this.keys = auth.apiKeys().stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
  }

  void check(RoutingContext ctx) {
    if (OPEN.matcher(ctx.normalizedPath()).matches()) {
      ctx.next();
      return;
    }
    String given = ctx.request().getHeader(header);
    if (given != null && known(given.getBytes(StandardCharsets.UTF_8))) {
      ctx.next();
    } else {
      ctx.response().putHeader("WWW-Authenticate", "ApiKey header=\"" + header + "\"");
      HttpErrors.send(ctx, 401, given == null ? "this route needs an API key in " + header : "the API key is not valid");
    }
  }

  /** Compares against every key in constant time, so timing tells nothing about a key. */
  private boolean known(byte[] given) {
    boolean match = false;
    for (byte[] key : keys) {
      match |= MessageDigest.isEqual(key, given);
    }
    return match;
  }
}
