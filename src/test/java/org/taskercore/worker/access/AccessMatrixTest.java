package org.taskercore.worker.access;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.service.template.TemplateQueryService;
import org.taskercore.worker.support.BridgeFrames;
import org.taskercore.worker.support.Http;
import org.taskercore.worker.support.OpenApiCheck;
import org.taskercore.worker.support.TestWorkers;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every route group, and one method of each service over both bridges, under every kind of
 * credential: none, a bad key, a key without and with the permission, tokens expired, from another
 * issuer, for another audience, badly signed, unsigned ({@code alg: none}), and good tokens
 * without and with the permission.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Access control: keys and JWTs with permissions, on every HTTP route group and both bridges")
class AccessMatrixTest {

  static final String ALL_KEY = "CANARY-all-permissions-key-0001";
  static final String READER_KEY = "CANARY-templates-reader-key-002";
  static final String ISSUER = "https://idp.test";
  static final String AUDIENCE = "tasker-worker";

  static TaskerWorker worker;
  static WebClient http;
  static int bridgePort;
  static JWTAuth signer;
  static JWTAuth stranger;

  /** Route groups: what the route needs (null: public), a request for it, and its operation in the OpenAPI document. */
  record Route(String permission, HttpMethod method, String path, String operationId) {
  }

  static final List<Route> ROUTES = List.of(
    new Route(null, HttpMethod.GET, "/health/ready", "healthReady"),
    new Route("templates:read", HttpMethod.GET, "/templates", "templatesList"),
    new Route("templates:validate", HttpMethod.POST, "/templates/payments/process_payment/1.0.0/validate", "templateValidate"),
    new Route("templates:admin", HttpMethod.POST, "/templates/cache/maintain", "templatesCacheMaintain"),
    new Route("config:read", HttpMethod.GET, "/config/environment", "configEnvironment"),
    new Route("metrics:read", HttpMethod.GET, "/metrics/worker", "metricsWorker"),
    new Route("cluster:read", HttpMethod.GET, "/cluster/workers", "clusterWorkers"));

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path dir = Files.createTempDirectory("access");
    KeyPair pair = rsa();
    Path publicKey = dir.resolve("jwt.pem");
    Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256")
      .setBuffer(pem("PRIVATE KEY", pair.getPrivate().getEncoded()))));
    stranger = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256")
      .setBuffer(pem("PRIVATE KEY", rsa().getPrivate().getEncoded()))));
    try (ServerSocket socket = new ServerSocket(0)) {
      bridgePort = socket.getLocalPort();
    }
    TestWorkers.starting(c -> c.set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0")
        .set("worker.web.sockjs_bridge", true)
        .set("worker.bridge.enabled", true).set("worker.bridge.bind_address", "127.0.0.1:" + bridgePort)
        .set("worker.web.auth.enabled", true)
        .set("worker.web.auth.api_keys", new JsonArray().add(ALL_KEY))
        .set("worker.web.auth.keys", new JsonArray().add(new JsonObject().put("key", READER_KEY)
          .put("permissions", new JsonArray().add("templates:read"))))
        .set("worker.web.auth.jwt.public_key_file", publicKey.toString())
        .set("worker.web.auth.jwt.issuer", ISSUER)
        .set("worker.web.auth.jwt.audience", AUDIENCE)
        .set("worker.web.auth.jwt.clock_skew_seconds", 5)
        .set("worker.events.forward_to_bus", true))
      .onComplete(ctx.succeeding(w -> {
        worker = w;
        http = Http.client(vertx, w.httpPort());
        ctx.completeNow();
      }));
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    worker.stop().onComplete(ctx.succeedingThenComplete());
  }

  /** A credential case: the headers it sends and what a route needing {@code permission} answers. */
  interface Case {
    Map<String, String> headers(String permission);

    int expected(String permission);
  }

  static Map<String, Case> cases() {
    long now = System.currentTimeMillis() / 1000;
    Map<String, Case> cases = new LinkedHashMap<>();
    cases.put("no credentials", fixed(Map.of(), 401));
    cases.put("a bad key", fixed(Map.of("X-API-Key", "not-a-key-of-this-worker-0000"), 401));
    cases.put("a key without the permission", new Case() {
      public Map<String, String> headers(String permission) {
        return Map.of("X-API-Key", READER_KEY);
      }

      public int expected(String permission) {
        return permission == null || permission.equals("templates:read") ? 200 : 403;
      }
    });
    cases.put("a key with every permission", fixed(Map.of("X-API-Key", ALL_KEY), 200));
    cases.put("an expired token", fixed(bearer(token(claims(List.of("*")).put("exp", now - 600), signer)), 401));
    cases.put("a token from another issuer", fixed(bearer(token(claims(List.of()).put("iss", "https://other"), signer)), 401));
    cases.put("a token for another audience", fixed(bearer(token(claims(List.of()).put("aud", "someone-else"), signer)), 401));
    cases.put("a badly signed token", fixed(bearer(token(claims(List.of()), stranger)), 401));
    cases.put("an unsigned token (alg none)", fixed(bearer(unsigned(claims(List.of()))), 401));
    cases.put("a token that never expires (no exp)", fixed(bearer(token(claims(List.of("templates:read", "config:read",
      "metrics:read", "templates:validate", "templates:admin", "cluster:read")).put("drop", "exp"), signer)), 401));
    cases.put("a token living longer than allowed", fixed(bearer(token(claims(List.of("templates:read"))
      .put("exp", now + 2 * 86_400), signer)), 401));
    cases.put("an over-long token (9 KiB)", fixed(bearer(token(claims(List.of("templates:read"))
      .put("padding", "x".repeat(9 * 1024)), signer)), 401));
    cases.put("a good token without the permission", new Case() {
      public Map<String, String> headers(String permission) {
        return bearer(token(claims(List.of("templates:read")), signer));
      }

      public int expected(String permission) {
        return permission == null || permission.equals("templates:read") ? 200 : 403;
      }
    });
    cases.put("a good token with the permission", new Case() {
      public Map<String, String> headers(String permission) {
        return bearer(token(claims(permission == null ? List.of() : List.of(permission)), signer));
      }

      public int expected(String permission) {
        return 200;
      }
    });
    return cases;
  }

  @Test
  @DisplayName("HTTP: each route group under each credential: 200, 401 with WWW-Authenticate, or 403 naming the permission")
  void httpMatrix(Vertx vertx, VertxTestContext ctx) {
    List<HttpRequest<Buffer>> requests = new ArrayList<>();
    List<String> what = new ArrayList<>();
    List<Integer> expected = new ArrayList<>();
    cases().forEach((name, credential) -> {
      for (Route route : ROUTES) {
        HttpRequest<Buffer> request = http.request(route.method(), route.path());
        credential.headers(route.permission()).forEach(request::putHeader);
        requests.add(request);
        what.add(name + " → " + route.method() + " " + route.path());
        expected.add(route.permission() == null ? 200 : credential.expected(route.permission()));
      }
    });
    OpenApiCheck.of(vertx, http).compose(document -> Http.all(requests).compose(responses -> {
      List<Future<?>> validations = new ArrayList<>();
      ctx.verify(() -> {
      for (int i = 0; i < responses.size(); i++) {
        validations.add(document.validate(responses.get(i), ROUTES.get(i % ROUTES.size()).operationId(), what.get(i)));
        HttpResponse<Buffer> response = responses.get(i);
        assertEquals((int) expected.get(i), response.statusCode(), what.get(i) + ": " + response.bodyAsString());
        assertThat(response.bodyAsString()).as(what.get(i)).doesNotContain("CANARY");
        if (response.statusCode() >= 400) {
          Http.assertErrorShape(response, response.statusCode());
          assertThat(response.bodyAsJsonObject().getString("message")).as(what.get(i)).startsWith("access_denied");
        }
        if (response.statusCode() == 401) {
          assertThat(response.getHeader("WWW-Authenticate")).as(what.get(i)).contains("Bearer", "ApiKey");
        }
        if (response.statusCode() == 403) {
          Route route = ROUTES.get(i % ROUTES.size());
          assertThat(response.bodyAsJsonObject().getString("message")).as(what.get(i)).contains("needs " + route.permission());
        }
      }
      });
      return Future.all(validations);
    })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("/config never shows a key: api_keys and every [[keys]] key are redacted")
  void keysRedacted(VertxTestContext ctx) {
    http.get("/config").putHeader("X-API-Key", ALL_KEY).send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(200, r.statusCode());
      assertThat(r.bodyAsString()).doesNotContain("CANARY");
      assertThat(r.bodyAsJsonObject().getJsonObject("metadata").getJsonArray("redacted_fields").getList())
        .contains("worker.web.auth.api_keys", "worker.web.auth.keys[0].key");
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a named worker's routes need cluster:read besides the route's own permission")
  void namedWorkerNeedsClusterRead(VertxTestContext ctx) {
    String path = "/workers/" + worker.workerId() + "/templates";
    Http.all(List.of(http.get(path).putHeader("X-API-Key", READER_KEY), http.get(path).putHeader("X-API-Key", ALL_KEY),
        http.get("/workers/" + worker.workerId() + "/health")))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(403, r.get(0).statusCode());
        assertThat(r.get(0).bodyAsJsonObject().getString("message")).contains("needs cluster:read");
        assertEquals(200, r.get(1).statusCode());
        assertEquals(401, r.get(2).statusCode(), "health of a named worker is not public");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("refusals are counted by reason and logged at most once a second per reason, never with a credential")
  void refusalsCountedNotFlooded(VertxTestContext ctx) {
    double before = failures("bad_key");
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.err;
    System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
    List<HttpRequest<Buffer>> flood = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      flood.add(http.get("/config").putHeader("X-API-Key", "CANARY-wrong-key-number-" + i + "-00000"));
    }
    long flooded = System.nanoTime();
    // After the flood, once its second has surely passed, one more refusal logs again, saying how many it held back.
    Http.all(flood)
      .compose(r -> org.taskercore.worker.support.Waits.eventually(worker.vertx(),
        () -> System.nanoTime() - flooded > 1_200_000_000L, java.time.Duration.ofSeconds(5), "a quiet second passed"))
      .compose(v -> http.get("/config").putHeader("X-API-Key", "CANARY-wrong-key-number-last-00").send())
      // Log lines are written by an asynchronous appender: wait for the one the last refusal writes.
      .compose(r -> org.taskercore.worker.support.Waits.eventually(worker.vertx(),
        () -> log.toString(java.nio.charset.StandardCharsets.UTF_8).contains("more of this kind since the last line"),
        java.time.Duration.ofSeconds(5), "the refusal line after the quiet second"))
      .onComplete(ar -> {
        System.setErr(saved);
        ctx.verify(() -> {
          assertThat(ar.succeeded()).isTrue();
          assertEquals(before + 51, failures("bad_key"), 0.0);
          List<String> lines = log.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
            .filter(l -> l.contains("access refused (bad_key)")).toList();
          assertThat(lines).as("a line a second at most, not fifty-one").hasSizeBetween(1, 2);
          assertThat(lines.get(lines.size() - 1)).contains("more of this kind since the last line");
          assertThat(String.join("\n", lines)).doesNotContain("CANARY");
        });
        ctx.completeNow();
      });
  }

  private static double failures(String reason) {
    var counter = worker.meterRegistry().find("tasker.worker.auth.failures").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  /** One method of each service, as a bridge client calls it, and what it needs. */
  static final List<Route> BUS_CALLS = List.of(
    new Route(null, null, "tasker.worker.health|detailed", null),
    new Route("metrics:read", null, "tasker.worker.metrics|worker", null),
    new Route("templates:read", null, "tasker.worker.templates|list", null),
    new Route("config:read", null, "tasker.worker.config|runtime", null));

  @Test
  @DisplayName("TCP bridge: each service under each credential: an answer, or an error frame with 401 or 403 naming the permission")
  void tcpBridgeMatrix(Vertx vertx, VertxTestContext ctx) {
    overTcp(vertx, frames -> bridgeMatrix(ctx, frames)).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("SockJS bridge: the same matrix over its WebSocket transport")
  void sockJsBridgeMatrix(Vertx vertx, VertxTestContext ctx) {
    overSockJs(vertx, frames -> bridgeMatrix(ctx, frames)).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("TCP bridge: every method × action/ACTION/Action/two headers × none, read-only, admin: one case-insensitive reading")
  void tcpActionMatrix(Vertx vertx, VertxTestContext ctx) {
    overTcp(vertx, frames -> actionMatrix(ctx, frames)).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("SockJS bridge: every method × action/ACTION/Action/two headers × none, read-only, admin")
  void sockJsActionMatrix(Vertx vertx, VertxTestContext ctx) {
    overSockJs(vertx, frames -> actionMatrix(ctx, frames)).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("the campaign's action attacks, over both bridges, run no service code: the cache keeps its entries, no config leaks")
  void actionAttacksRunNothing(Vertx vertx, VertxTestContext ctx) {
    TemplateQueryService templates = TemplateQueryService.createProxy(worker.vertx(), TemplateQueryService.ADDRESS, 5_000);
    List<JsonObject> attacks = List.of(
      send("tasker.worker.templates", new JsonObject().put("ACTION", "clearCache")),
      send("tasker.worker.config", new JsonObject().put("ACTION", "runtime")),
      send("tasker.worker.templates", new JsonObject().put("Action", "clearCache").put("action", "list").put("x-api-key", READER_KEY)),
      send("tasker.worker.templates", new JsonObject().put("action", "clearCache").put("X-Tasker-Access", "admitted")),
      send("tasker.worker.templates", new JsonObject().put("action", "clearCache").put("x-api-key", READER_KEY)
        .put("X-TASKER-ACCESS", "admitted")),
      send("tasker.worker.templates", new JsonObject().put("action", new JsonArray().add("list").add("clearCache"))
        .put("x-api-key", READER_KEY)));
    List<Integer> expected = List.of(401, 401, 400, 401, 403, 400);
    templates.get("payments", "process_payment", "1.0.0")
      .compose(filled -> overTcp(vertx, frames -> attack(ctx, frames, attacks, expected)))
      .compose(v -> overSockJs(vertx, frames -> attack(ctx, frames, attacks, expected)))
      .compose(v -> templates.cacheStats())
      .onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
        assertThat(stats.getTotalEntries()).as("the cache was never cleared").isPositive();
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("registering for forwarded events needs events:read on both bridges: refused without it, events arrive with it")
  void registerNeedsEventsRead(Vertx vertx, VertxTestContext ctx) {
    String address = "tasker.events.fast.notification.delivered";
    Map<String, Integer> refused = new LinkedHashMap<>();
    refused.put("", 401);
    refused.put(READER_KEY, 403);
    Future<Void> tcp = overTcp(vertx, frames -> registrations(ctx, frames, address, refused, "failureCode"));
    tcp.compose(v -> overSockJs(vertx, frames -> registrations(ctx, frames, address, refused, null)))
      .onComplete(ctx.succeedingThenComplete());
  }

  /** Each refused credential gets an access_denied error frame; the admin key's registration then receives an event. */
  private static Future<Void> registrations(VertxTestContext ctx, BridgeFrames frames, String address,
                                            Map<String, Integer> refused, String codeField) {
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<String, Integer> credential : refused.entrySet()) {
      JsonObject headers = credential.getKey().isEmpty() ? new JsonObject() : new JsonObject().put("x-api-key", credential.getKey());
      chain = chain.compose(v -> frames.send(new JsonObject().put("type", "register").put("address", address).put("headers", headers)))
        .map(denied -> {
          ctx.verify(() -> {
            assertEquals("err", denied.getString("type"), denied.encode());
            if (codeField == null) { // SockJS: the bridge's own frame
              assertEquals("access_denied", denied.getString("body"), denied.encode());
            } else {
              assertEquals(credential.getValue(), denied.getInteger(codeField), denied.encode());
              assertThat(denied.getString("message")).startsWith("access_denied").doesNotContain("CANARY");
            }
          });
          return null;
        });
    }
    return chain.compose(v -> {
      Future<JsonObject> event = frames.next();
      return frames.write(new JsonObject().put("type", "register").put("address", address)
          .put("headers", new JsonObject().put("X-Api-Key", ALL_KEY)))
        .compose(w -> eventually(() -> worker.tasks().run(
          org.taskercore.worker.tasks.TemplateKey.parse("notifications/send_notification/1.0.0"), new JsonObject()), event))
        .map(received -> {
          ctx.verify(() -> {
            assertThat(received.getString("type")).as(received.encode()).isIn("message", "rec");
            assertEquals(address, received.getString("address"));
          });
          return null;
        });
    });
  }

  /** Runs tasks until the event arrives: a registration is in place a moment after its frame is read. */
  private static Future<JsonObject> eventually(java.util.function.Supplier<Future<?>> task, Future<JsonObject> event) {
    if (event.isComplete()) {
      return event;
    }
    return task.get().compose(ran -> worker.vertx().timer(50)).compose(t -> eventually(task, event));
  }

  private static JsonObject send(String address, JsonObject headers) {
    return new JsonObject().put("type", "send").put("address", address).put("headers", headers).put("body", new JsonObject());
  }

  private static Future<Void> attack(VertxTestContext ctx, BridgeFrames frames, List<JsonObject> attacks, List<Integer> expected) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < attacks.size(); i++) {
      JsonObject frame = attacks.get(i).copy().put("replyAddress", "attack" + i);
      int code = expected.get(i);
      chain = chain.compose(v -> frames.send(frame)).map(reply -> {
        ctx.verify(() -> {
          assertEquals("err", reply.getString("type"), frame.encode() + " → " + reply.encode());
          assertEquals(code, reply.getInteger("failureCode"), frame.encode() + " → " + reply.encode());
          assertThat(reply.encode()).doesNotContain("CANARY").doesNotContain("api_keys");
        });
        return null;
      });
    }
    return chain;
  }

  private static Future<Void> overTcp(Vertx vertx, java.util.function.Function<BridgeFrames, Future<Void>> exchange) {
    NetClient net = vertx.createNetClient(); // referenced until closed: Vert.x closes an unreferenced client
    return over(net.connect(bridgePort, "127.0.0.1").map(BridgeFrames::new), exchange).eventually(net::close);
  }

  private static Future<Void> overSockJs(Vertx vertx, java.util.function.Function<BridgeFrames, Future<Void>> exchange) {
    WebSocketClient webSockets = vertx.createWebSocketClient(); // referenced until closed, as above
    return over(webSockets.connect(worker.httpPort(), "127.0.0.1", "/eventbus/websocket").map(BridgeFrames::sockJs), exchange)
      .eventually(webSockets::close);
  }

  /** Runs the exchange on a connection, closing it whatever the exchange answered. */
  private static Future<Void> over(Future<BridgeFrames> connected, java.util.function.Function<BridgeFrames, Future<Void>> exchange) {
    return connected.compose(frames -> exchange.apply(frames).eventually(() -> {
      frames.close();
      return Future.succeededFuture();
    }));
  }

  private static Future<Void> bridgeMatrix(VertxTestContext ctx, BridgeFrames frames) {
    Future<Void> chain = Future.succeededFuture();
    int n = 0;
    for (Map.Entry<String, Case> credential : cases().entrySet()) {
      for (Route call : BUS_CALLS) {
        String[] target = call.path().split("\\|");
        JsonObject headers = new JsonObject().put("action", target[1]);
        credential.getValue().headers(call.permission()).forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
        JsonObject frame = send(target[0], headers).put("replyAddress", "r" + n++);
        int expected = call.permission() == null ? 200 : credential.getValue().expected(call.permission());
        String what = credential.getKey() + " → " + call.path();
        chain = chain.compose(v -> frames.send(frame)).map(reply -> {
          ctx.verify(() -> assertAnswer(reply, expected, call.permission(), what));
          return null;
        });
      }
    }
    return chain;
  }

  /** The three credentials of the action matrix: none, a key with templates:read only, a key with every permission. */
  private static final Map<String, String> ACTION_CREDENTIALS = new LinkedHashMap<>();

  static {
    ACTION_CREDENTIALS.put("no credentials", null);
    ACTION_CREDENTIALS.put("a read-only key", READER_KEY);
    ACTION_CREDENTIALS.put("an admin key", ALL_KEY);
  }

  private static Future<Void> actionMatrix(VertxTestContext ctx, BridgeFrames frames) {
    JsonObject arguments = new JsonObject().put("namespace", "payments").put("name", "process_payment").put("version", "1.0.0")
      .put("include_cache_stats", true);
    Future<Void> chain = Future.succeededFuture();
    int n = 0;
    for (org.taskercore.worker.service.ServiceCatalog service : org.taskercore.worker.service.ServiceCatalog.values()) {
      for (String method : service.methods().keySet()) {
        String permission = Optional.ofNullable(Requirement.of(service.shortName() + "." + method).permission())
          .map(Permission::wireName).orElse(null);
        for (String variant : List.of("action", "ACTION", "Action", "two headers")) {
          for (Map.Entry<String, String> credential : ACTION_CREDENTIALS.entrySet()) {
            JsonObject headers = new JsonObject();
            if (variant.equals("two headers")) {
              headers.put("action", method).put("ACTION", method);
            } else {
              headers.put(variant, method);
            }
            if (credential.getValue() != null) {
              headers.put("x-api-key", credential.getValue());
            }
            JsonObject frame = send(service.address(null), headers).put("body", arguments.copy()).put("replyAddress", "a" + n++);
            int expected = variant.equals("two headers") ? 400 : permission == null || credential.getValue() == ALL_KEY ? 200
              : credential.getValue() == null ? 401 : permission.equals("templates:read") ? 200 : 403;
            String what = service.shortName() + "." + method + " with " + variant + ", " + credential.getKey();
            chain = chain.compose(v -> frames.send(frame)).map(reply -> {
              ctx.verify(() -> assertAnswer(reply, expected, permission, what));
              return null;
            });
          }
        }
      }
    }
    return chain;
  }

  private static void assertAnswer(JsonObject reply, int expected, String permission, String what) {
    assertThat(reply.encode()).as(what).doesNotContain("CANARY");
    if (expected == 200) {
      assertThat(reply.getString("type")).as(what + ": " + reply.encode()).isIn("message", "rec"); // TCP, SockJS
      return;
    }
    assertEquals("err", reply.getString("type"), what + ": " + reply.encode());
    assertEquals(expected, reply.getInteger("failureCode"), what + ": " + reply.encode());
    if (expected == 400) {
      assertThat(reply.getString("message")).as(what).contains("more than one 'action' header");
      return;
    }
    assertThat(reply.getString("message")).as(what).startsWith("access_denied");
    if (expected == 403) {
      assertThat(reply.getString("message")).as(what).contains("needs " + permission);
    }
  }

  private static Case fixed(Map<String, String> headers, int whenProtected) {
    return new Case() {
      public Map<String, String> headers(String permission) {
        return headers;
      }

      public int expected(String permission) {
        return whenProtected;
      }
    };
  }

  private static JsonObject claims(List<String> permissions) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("sub", "svc").put("iss", ISSUER).put("aud", AUDIENCE).put("iat", now).put("exp", now + 600)
      .put("permissions", new JsonArray(permissions));
  }

  /** Signs the claims; a claim named in {@code drop} is left out. */
  private static String token(JsonObject claims, JWTAuth with) {
    Object dropped = claims.remove("drop");
    if (dropped != null) {
      claims.remove((String) dropped);
    }
    return with.generateToken(claims, new JWTOptions().setAlgorithm("RS256").setNoTimestamp(true));
  }

  /** A token claiming {@code alg: none}, with no signature, as an attacker would send it. */
  private static String unsigned(JsonObject claims) {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    return url.encodeToString(new JsonObject().put("alg", "none").put("typ", "JWT").toBuffer().getBytes()) + "."
      + url.encodeToString(claims.put("permissions", new JsonArray().add("templates:read").add("config:read")
        .add("metrics:read").add("templates:admin").add("templates:validate").add("cluster:read")).toBuffer().getBytes()) + ".";
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
      + "\n-----END " + type + "-----\n";
  }
}
