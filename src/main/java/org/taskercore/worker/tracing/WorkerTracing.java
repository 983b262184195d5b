package org.taskercore.worker.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One process's OpenTelemetry: the SDK built from {@code [observability.tracing]} (or nothing at
 * all when tracing is off), the tracer the worker's own spans come from, and the factory that
 * lets Vert.x make its HTTP and event-bus spans with it.
 *
 * <p>The SDK is OpenTelemetry's autoconfiguration fed the file's values as defaults, so the
 * standard {@code OTEL_*} environment variables (and {@code -Dotel.*} properties) win over the
 * file once tracing is on: an operator's {@code OTEL_EXPORTER_OTLP_ENDPOINT} or
 * {@code OTEL_TRACES_SAMPLER} applies as they expect. Metrics and logs are never exported through
 * it (Prometheus and the log shipper have those) unless such a variable asks.
 */
public final class WorkerTracing implements AutoCloseable {

  /** What is traced when nothing is: no SDK, no spans, no cost beyond a no-op call. */
  public static final WorkerTracing OFF = new WorkerTracing(null, OpenTelemetry.noop());

  private static final String INSTRUMENTATION = "org.taskercore.worker";
  /** Held: java.util.logging keeps its loggers only weakly, and a collected one would lose the bridge. */
  private static final java.util.logging.Logger SDK_LOG = java.util.logging.Logger.getLogger("io.opentelemetry");

  private final OpenTelemetrySdk sdk;
  private final OpenTelemetry api;

  private WorkerTracing(OpenTelemetrySdk sdk, OpenTelemetry api) {
    this.sdk = sdk;
    this.api = api;
  }

  /**
   * @param exporter    {@code otlp}, {@code zipkin} or {@code logging}
   * @param endpoint    empty: the exporter's default
   * @param sampleRatio the share of new traces kept; a sampled caller's trace is always continued
   */
  public record Settings(String serviceName, String exporter, String endpoint, double sampleRatio, String workerId,
                         String environment) {
  }

  /** Builds and starts the SDK: spans are batched and sent from then until {@link #close()}. */
  public static WorkerTracing start(Settings settings) {
    intoTheWorkersLog();
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.service.name", settings.serviceName());
    defaults.put("otel.traces.exporter", settings.exporter());
    defaults.put("otel.metrics.exporter", "none");
    defaults.put("otel.logs.exporter", "none");
    defaults.put("otel.traces.sampler", "parentbased_traceidratio");
    defaults.put("otel.traces.sampler.arg", Double.toString(settings.sampleRatio()));
    if (!settings.endpoint().isBlank()) {
      if (settings.exporter().equals("zipkin")) {
        defaults.put("otel.exporter.zipkin.endpoint", settings.endpoint());
      } else {
        defaults.put("otel.exporter.otlp.traces.endpoint", settings.endpoint());
      }
    }
    defaults.put("otel.exporter.otlp.traces.protocol", "http/protobuf");
    Resource own = Resource.create(Attributes.builder()
      .put("service.instance.id", settings.workerId() == null ? "gateway" : settings.workerId())
      .put("deployment.environment", settings.environment())
      .build());
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
      .addPropertiesSupplier(() -> defaults)
      // The resource OTEL_RESOURCE_ATTRIBUTES describes wins where it names the same attribute.
      .addResourceCustomizer((resource, config) -> own.merge(resource))
      .disableShutdownHook() // the worker's stop closes it, after its last spans
      .build()
      .getOpenTelemetrySdk();
    return new WorkerTracing(sdk, sdk);
  }

  /** The SDK's own lines (a failed export, spans dropped) go where the worker's go; nothing else of java.util.logging. */
  private static synchronized void intoTheWorkersLog() {
    if (SDK_LOG.getUseParentHandlers()) {
      SDK_LOG.addHandler(new SLF4JBridgeHandler());
      SDK_LOG.setUseParentHandlers(false);
    }
  }

  public boolean enabled() {
    return sdk != null;
  }

  /** Where the worker's own spans (tasks, steps, fan-outs, the outbox) come from. */
  public Tracer tracer() {
    return api.getTracer(INSTRUMENTATION);
  }

  /** Lets a Vert.x built with it make its HTTP and event-bus spans, named as {@link SpanShapes} says; null when off. */
  public VertxTracerFactory vertxTracerFactory() {
    if (sdk == null) {
      return null;
    }
    OpenTelemetryTracingFactory spans = new OpenTelemetryTracingFactory(sdk);
    return options -> new SpanShapes(spans.tracer(options));
  }

  /** Sends what is still batched (within a few seconds) and stops the exporter. */
  @Override
  public void close() {
    if (sdk != null) {
      CompletableResultCode done = sdk.shutdown();
      done.join(5, TimeUnit.SECONDS);
    }
  }
}
