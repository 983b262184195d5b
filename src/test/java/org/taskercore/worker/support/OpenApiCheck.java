package org.taskercore.worker.support;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The OpenAPI document a worker serves, as a validator of its own answers. */
public final class OpenApiCheck {

  private static final Set<String> VALIDATED = Set.of("application/json", "text/plain");

  private final ResponseValidator validator;

  private OpenApiCheck(ResponseValidator validator) {
    this.validator = validator;
  }

  /** Reads {@code /api-docs/openapi.json} through {@code http}. */
  public static Future<OpenApiCheck> of(Vertx vertx, WebClient http) {
    return http.get("/api-docs/openapi.json").send()
      .compose(doc -> OpenAPIContract.from(vertx, forVertxOpenApi(doc.bodyAsJsonObject())))
      .map(contract -> new OpenApiCheck(ResponseValidator.create(vertx, contract)));
  }

  /** Fails with what does not match when the response is not what the document says of {@code operationId}. */
  public Future<?> validate(HttpResponse<Buffer> response, String operationId, String what) {
    Map<String, String> headers = new HashMap<>();
    MultiMap raw = response.headers();
    raw.names().forEach(n -> headers.put(n, raw.get(n)));
    ValidatableResponse validatable = ValidatableResponse.create(response.statusCode(), headers, response.body(),
      response.getHeader("Content-Type"));
    return validator.validate(validatable, operationId).recover(e -> Future.failedFuture(
      new AssertionError(what + " does not match the document: " + e.getMessage() + "\n" + response.bodyAsString(), e)));
  }

  /**
   * vertx-openapi refuses media types it cannot validate (OpenMetrics and the pages' HTML are
   * checked otherwise: by hand, and by Prism in OpenApiToolsTest) and a relative server URL (the
   * document's "/": whichever worker serves it).
   */
  private static JsonObject forVertxOpenApi(JsonObject document) {
    JsonObject copy = document.copy();
    copy.remove("servers");
    JsonObject paths = copy.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (Object operation : paths.getJsonObject(path)) {
        if (((Map.Entry<?, ?>) operation).getValue() instanceof JsonObject op && op.getJsonObject("responses") != null) {
          op.getJsonObject("responses").forEach(r -> {
            if (r.getValue() instanceof JsonObject response && response.getJsonObject("content") != null) {
              response.getJsonObject("content").fieldNames().removeIf(type -> !VALIDATED.contains(type));
            }
          });
        }
      }
    }
    return copy;
  }
}
