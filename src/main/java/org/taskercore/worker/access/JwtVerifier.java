package org.taskercore.worker.access;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.taskercore.worker.config.ConfigException;
import org.taskercore.worker.config.TaskerConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Checks bearer tokens with vertx-auth-jwt: signature (RS256 or ES256, from a PEM public key or a
 * JWKS document on disk), expiry with the allowed clock skew, issuer and audience. A JWKS file is
 * read again when it changes (looked at once a second at most); a key file is read once.
 */
final class JwtVerifier {

  private static final long LOOK_EVERY_MS = 1_000;

  private final Vertx vertx;
  private final TaskerConfig.Jwt config;
  private final Path file;
  private volatile JWTAuth auth;
  private volatile String version; // modification time and size: coarse clocks can give two writes one time
  private volatile long lookedAt;

  /** @throws ConfigException when the key file cannot be read or holds no usable key */
  JwtVerifier(Vertx vertx, TaskerConfig.Jwt config) {
    this.vertx = vertx;
    this.config = config;
    this.file = Path.of(config.jwksFile().isBlank() ? config.publicKeyFile() : config.jwksFile());
    this.auth = load();
    this.lookedAt = System.currentTimeMillis();
  }

  Future<User> verify(String token) {
    return current().compose(jwt -> jwt.authenticate(new TokenCredentials(token)));
  }

  private Future<JWTAuth> current() {
    long now = System.currentTimeMillis();
    if (config.jwksFile().isBlank() || now - lookedAt < LOOK_EVERY_MS) {
      return Future.succeededFuture(auth);
    }
    lookedAt = now;
    return vertx.executeBlocking(() -> {
      if (!versionOf(file).equals(version)) {
        auth = load();
      }
      return auth;
    }, false).otherwise(e -> auth); // a JWKS file half-written just now: keep the keys we have
  }

  private JWTAuth load() {
    String setting = config.jwksFile().isBlank() ? "worker.web.auth.jwt.public_key_file" : "worker.web.auth.jwt.jwks_file";
    try {
      version = versionOf(file);
      String text = Files.readString(file);
      JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(checks());
      if (config.jwksFile().isBlank()) {
        options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithmOf(text)).setBuffer(text));
      } else {
        JsonArray keys = new JsonObject(text).getJsonArray("keys");
        if (keys == null || keys.isEmpty()) {
          throw new ConfigException(setting + ": " + file + " holds no \"keys\"");
        }
        options.setJwks(keys.stream().map(JsonObject.class::cast).toList());
      }
      return JWTAuth.create(vertx, options);
    } catch (IOException e) {
      throw new ConfigException(setting + ": " + file + " cannot be read: " + e.getMessage());
    } catch (RuntimeException e) {
      throw e instanceof ConfigException known ? known
        : new ConfigException(setting + ": " + file + " holds no usable key (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String versionOf(Path file) throws IOException {
    return Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file);
  }

  private JWTOptions checks() {
    JWTOptions options = new JWTOptions().setLeeway(config.clockSkewSeconds());
    if (!config.issuer().isBlank()) {
      options.setIssuer(config.issuer());
    }
    if (!config.audience().isBlank()) {
      options.setAudience(List.of(config.audience()));
    }
    return options;
  }

  /** RS256 for an RSA key, ES256 for an EC key: the PEM says which when Java reads it. */
  private static String algorithmOf(String pem) {
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    try {
      KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
      return "RS256";
    } catch (Exception notRsa) {
      return "ES256";
    }
  }
}
