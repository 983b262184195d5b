package org.taskercore.worker.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import org.taskercore.worker.access.Permission;
import org.taskercore.worker.access.Requirement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * {@code /api-docs/openapi.json}: the OpenAPI 3 document, with every per-worker mirror of a
 * worker route derived from the route itself; {@code /api-docs/ui}: Swagger UI from its webjar.
 */
final class ApiDocs {

  private static final String SOURCE = "/openapi/tasker-worker.yaml";
  private static final JsonObject ERROR = new JsonObject().put("$ref", "#/components/responses/Error");
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
  private static final JsonObject DOCUMENT = load();
  private static final String INITIALIZER = """
    window.onload = function () {
      window.ui = SwaggerUIBundle({url: "/api-docs/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
        presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout"});
    };
    """;

  private ApiDocs() {
  }

  static JsonObject document() {
    return DOCUMENT.copy();
  }

  static void mount(Vertx vertx, Router router, HttpAccess access) {
    String body = DOCUMENT.encode();
    router.route("/api-docs*").handler(access.guard("docs.read", false));
    router.get("/api-docs/openapi.json").handler(ctx -> ctx.response()
      .putHeader("Content-Type", "application/json").end(body));
    router.get("/api-docs/ui").handler(ctx -> {
      if (ctx.request().path().endsWith("/")) {
        ctx.next(); // the route also matches "/api-docs/ui/", which the static handler serves
      } else {
        ctx.redirect("/api-docs/ui/");
      }
    });
    router.get("/api-docs/ui/swagger-initializer.js").handler(ctx -> ctx.response()
      .putHeader("Content-Type", "application/javascript").end(INITIALIZER));
    router.get("/api-docs/ui/*").handler(DashboardRoutes::revalidated)
      .handler(StaticHandler.create(WEBJAR + swaggerUiVersion()).setCachingEnabled(true));
  }

  private static String swaggerUiVersion() {
    try (InputStream in = ApiDocs.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the swagger-ui webjar is not on the class path", e);
    }
  }

  /** The written document plus a {@code /workers/{worker_id}} mirror of each path marked {@code x-worker-route}. */
  private static JsonObject load() {
    ObjectMapper yaml = new YAMLMapper();
    JsonObject doc;
    try (InputStream in = ApiDocs.class.getResourceAsStream(SOURCE)) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = yaml.readValue(in, Map.class);
      doc = new JsonObject(map);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SOURCE, e);
    }
    JsonObject paths = doc.getJsonObject("paths");
    JsonObject mirrors = new JsonObject();
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      if (!Boolean.TRUE.equals(item.remove("x-worker-route"))) {
        continue;
      }
      JsonObject mirror = item.copy();
      mirror.put("parameters", new JsonArray().add(new JsonObject().put("$ref", "#/components/parameters/WorkerId"))
        .addAll(item.getJsonArray("parameters", new JsonArray())));
      for (String method : mirror.fieldNames()) {
        if (mirror.getValue(method) instanceof JsonObject operation && operation.containsKey("operationId")) {
          operation.put("operationId", "worker_" + operation.getString("operationId"));
          operation.put("tags", new JsonArray().add("per-worker"));
          JsonObject responses = operation.getJsonObject("responses");
          responses.put("400", ERROR); // a worker id that is not one
          if (!answersItsOwn404(responses)) {
            responses.put("404", ERROR); // no such worker
          }
        }
      }
      mirrors.put("/workers/{worker_id}" + path, mirror);
    }
    mirrors.forEach(e -> paths.put(e.getKey(), e.getValue()));
    declareAccess(paths);
    return doc;
  }

  /** Whether an operation's 404 carries a body of its own (a refresh result), which a mirror keeps beside the error. */
  private static boolean answersItsOwn404(JsonObject responses) {
    return responses.getValue("404") instanceof JsonObject notFound && notFound.encode().contains("\"oneOf\"");
  }

  /**
   * Each operation's permissions ({@code x-permissions}, from the access table) and its 401 and
   * 403 answers; a mirror under {@code /workers/{worker_id}} needs {@code cluster:read} too and is
   * never public.
   */
  private static void declareAccess(JsonObject paths) {
    String mirror = "/workers/{worker_id}";
    for (String path : paths.fieldNames()) {
      boolean mirrored = path.startsWith(mirror);
      var requirement = Requirement.ofPath(mirrored ? path.substring(mirror.length()) : path);
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject operation) || !operation.containsKey("operationId")) {
          continue;
        }
        JsonArray permissions = new JsonArray();
        if (mirrored) {
          permissions.add(Permission.CLUSTER_READ.wireName());
          operation.remove("security");
        }
        requirement.map(Requirement::permission).ifPresent(p -> permissions.add(p.wireName()));
        if (!permissions.isEmpty()) {
          operation.put("x-permissions", permissions);
        }
        JsonObject responses = operation.getJsonObject("responses");
        responses.put("401", ERROR);
        responses.put("403", ERROR);
      }
    }
  }
}
