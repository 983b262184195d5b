package org.taskercore.worker.access;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.service.ServiceCatalog;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.Http;
import org.taskercore.worker.support.TestWorkers;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@DisplayName("Bearer tokens from a JWKS file, read again when the file changes; every call has a written requirement")
class JwksReloadTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("a token signed with a key the JWKS file gains is accepted once the file changes")
  void reloadsOnChange(Vertx vertx, VertxTestContext ctx) throws Exception {
    KeyPair first = rsa();
    KeyPair second = rsa();
    Path jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, new JsonObject().put("keys", new JsonArray().add(jwk(first, "first"))).encode());
    String firstToken = token(vertx, first, "first");
    String secondToken = token(vertx, second, "second");
    TaskerWorker[] started = new TaskerWorker[1];
    TestWorkers.starting(c -> c.set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0")
        .set("worker.web.auth.enabled", true).set("worker.web.auth.jwt.jwks_file", jwks.toString()))
      .compose(worker -> {
        started[0] = worker;
        WebClient http = Http.client(vertx, worker.httpPort());
        return Http.all(java.util.List.of(http.get("/config/environment").putHeader("Authorization", "Bearer " + firstToken),
            http.get("/config/environment").putHeader("Authorization", "Bearer " + secondToken)))
          .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(200, r.get(0).statusCode());
            assertEquals(401, r.get(1).statusCode(), "not yet in the file");
          })))
          .compose(r -> vertx.fileSystem().writeFile(jwks.toString(), new JsonObject().put("keys", new JsonArray()
            .add(jwk(first, "first")).add(jwk(second, "second"))).toBuffer()))
          .compose(v -> Waits.eventuallyAsync(vertx, () -> http.get("/config/environment")
            .putHeader("Authorization", "Bearer " + secondToken).send().map(r -> r.statusCode() == 200),
            Duration.ofSeconds(10), "the new key is read from the changed file"));
      })
      .eventually(() -> started[0] == null ? io.vertx.core.Future.succeededFuture() : started[0].stop())
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("an ES256 key from a PEM file: its tokens pass, an RS256 token signed elsewhere does not")
  void es256(Vertx vertx, VertxTestContext ctx) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
    KeyPair ec = generator.generateKeyPair();
    Path pem = dir.resolve("ec.pem");
    Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
      .encodeToString(ec.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256")
      .setBuffer(pem(ec.getPrivate().getEncoded()))));
    String good = signer.generateToken(new JsonObject().put("permissions", new JsonArray().add("config:read")),
      new JWTOptions().setAlgorithm("ES256").setExpiresInMinutes(10));
    String other = token(vertx, rsa(), "other");
    TaskerWorker[] started = new TaskerWorker[1];
    TestWorkers.starting(c -> c.set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0")
        .set("worker.web.auth.enabled", true).set("worker.web.auth.jwt.public_key_file", pem.toString()))
      .compose(worker -> {
        started[0] = worker;
        WebClient http = Http.client(vertx, worker.httpPort());
        return Http.all(java.util.List.of(http.get("/config/environment").putHeader("Authorization", "Bearer " + good),
          http.get("/config/environment").putHeader("Authorization", "Bearer " + other)));
      })
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(200, r.get(0).statusCode());
        assertEquals(401, r.get(1).statusCode());
      })))
      .eventually(() -> started[0] == null ? io.vertx.core.Future.succeededFuture() : started[0].stop())
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("every method of every service has its access requirement written in the one table")
  void everyCallHasARequirement() {
    for (ServiceCatalog service : ServiceCatalog.values()) {
      service.methods().keySet().forEach(method -> assertThat(Requirement.of(service.shortName() + "." + method)).isNotNull());
    }
  }

  private static String token(Vertx vertx, KeyPair pair, String kid) {
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256")
      .setId(kid).setBuffer(pem(pair.getPrivate().getEncoded()))));
    return signer.generateToken(new JsonObject().put("permissions", new JsonArray().add("config:read")),
      new JWTOptions().setAlgorithm("RS256").setExpiresInMinutes(10).setHeader(new JsonObject().put("kid", kid)));
  }

  private static JsonObject jwk(KeyPair pair, String kid) {
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    return new JsonObject().put("kty", "RSA").put("kid", kid).put("alg", "RS256").put("use", "sig")
      .put("n", base64url(key.getModulus())).put("e", base64url(key.getPublicExponent()));
  }

  private static String base64url(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static String pem(byte[] der) {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
      + "\n-----END PRIVATE KEY-----\n";
  }
}
