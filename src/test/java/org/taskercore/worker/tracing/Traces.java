package org.taskercore.worker.tracing;

import io.vertx.core.json.JsonObject;
import org.taskercore.worker.config.ConfigLoader;
import org.taskercore.worker.support.ZipkinServer;

import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** What the tracing tests share: exporting to Zipkin, and reading spans as it returns them. */
final class Traces {

  /** Spans reach the backend within a tenth of a second rather than the SDK's default five (an OTEL_* property). */
  static void fastBatches() {
    System.setProperty("otel.bsp.schedule.delay", "100");
  }

  static void zipkinExport(ConfigLoader loader, ZipkinServer zipkin, String serviceName) {
    fastBatches();
    loader.set("observability.tracing.enabled", true).set("observability.tracing.exporter", "zipkin")
      .set("observability.tracing.endpoint", zipkin.spansEndpoint()).set("observability.tracing.service_name", serviceName);
  }

  static JsonObject only(List<JsonObject> spans, String what, Predicate<JsonObject> test) {
    List<JsonObject> found = spans.stream().filter(test).toList();
    assertThat(found).as(what + " among " + names(spans)).hasSize(1);
    return found.get(0);
  }

  static List<JsonObject> all(List<JsonObject> spans, Predicate<JsonObject> test) {
    return spans.stream().filter(test).toList();
  }

  static Predicate<JsonObject> named(String name) {
    return span -> name.equals(span.getString("name"));
  }

  static Predicate<JsonObject> childOf(JsonObject parent) {
    return span -> parent.getString("id").equals(span.getString("parentId"));
  }

  static String tag(JsonObject span, String key) {
    JsonObject tags = span.getJsonObject("tags");
    return tags == null ? null : tags.getString(key);
  }

  static String service(JsonObject span) {
    return span.getJsonObject("localEndpoint").getString("serviceName");
  }

  static List<String> names(List<JsonObject> spans) {
    return spans.stream().map(s -> s.getString("name") + "(" + s.getString("kind") + ")").toList();
  }
}
