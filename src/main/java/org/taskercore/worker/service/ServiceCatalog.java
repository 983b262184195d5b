package org.taskercore.worker.service;

import org.taskercore.worker.service.config.ConfigQueryService;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.service.metrics.MetricsQueryService;
import org.taskercore.worker.service.template.TemplateQueryService;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The four services by their short names ({@code health}, {@code metrics}, {@code templates},
 * {@code config}): interface, shared address, per-worker address, and the methods a raw caller
 * may name in its {@code action} header. Everything else that needs an address (bridge
 * permissions, metric labels, the CLI) derives it from here; the addresses themselves are the
 * constants on each interface.
 */
public enum ServiceCatalog {
  HEALTH("health", HealthService.class, HealthService.ADDRESS, HealthService::addressOf),
  METRICS("metrics", MetricsQueryService.class, MetricsQueryService.ADDRESS, MetricsQueryService::addressOf),
  TEMPLATES("templates", TemplateQueryService.class, TemplateQueryService.ADDRESS, TemplateQueryService::addressOf),
  CONFIG("config", ConfigQueryService.class, ConfigQueryService.ADDRESS, ConfigQueryService::addressOf);

  /** What a worker id may be: it becomes part of bus addresses and URL paths. */
  public static final String WORKER_ID_REGEX = "[A-Za-z0-9_.-]{1,64}";
  public static final Pattern WORKER_ID = Pattern.compile(WORKER_ID_REGEX);

  private final String shortName;
  private final Class<?> type;
  private final String sharedAddress;
  private final UnaryOperator<String> perWorker;
  private final Pattern perWorkerPattern;
  private final Map<String, Method> methods;

  ServiceCatalog(String shortName, Class<?> type, String sharedAddress, UnaryOperator<String> perWorker) {
    this.shortName = shortName;
    this.type = type;
    this.sharedAddress = sharedAddress;
    this.perWorker = perWorker;
    this.perWorkerPattern = Pattern.compile(perWorkerAddressRegex());
    this.methods = busMethods(type);
  }

  public String shortName() {
    return shortName;
  }

  public Class<?> type() {
    return type;
  }

  /** The per-worker address, or the shared one when {@code workerId} is null. */
  public String address(String workerId) {
    return workerId == null ? sharedAddress : perWorker.apply(workerId);
  }

  /** A regex of every per-worker address of this service. */
  public String perWorkerAddressRegex() {
    String marker = "\u0000";
    String[] around = perWorker.apply(marker).split(marker, -1);
    return Pattern.quote(around[0]) + WORKER_ID_REGEX + Pattern.quote(around[1]);
  }

  /** A regex of every address of every service, shared and per-worker. */
  public static String anyAddressRegex() {
    return Arrays.stream(values()).flatMap(s -> List.of(Pattern.quote(s.sharedAddress), s.perWorkerAddressRegex()).stream())
      .collect(Collectors.joining("|", "(", ")"));
  }

  /** The bus methods by name (the service interfaces have no overloads). */
  public Map<String, Method> methods() {
    return methods;
  }

  private static Map<String, Method> busMethods(Class<?> type) {
    Map<String, Method> methods = new TreeMap<>();
    for (Method method : type.getMethods()) {
      if (!Modifier.isStatic(method.getModifiers()) && !method.isDefault()) {
        methods.put(method.getName(), method);
      }
    }
    return java.util.Collections.unmodifiableMap(methods);
  }

  /**
   * The one rule for the {@code action} a raw call names, read case-insensitively: exactly one,
   * a string, and a method of this service. Answers what is wrong, or null.
   *
   * @param actions every value given under {@code action}, in any case
   */
  public String actionProblem(List<?> actions) {
    if (actions.isEmpty()) {
      return "no 'action' header; expected one of " + methods().keySet();
    }
    if (actions.size() > 1) {
      return "more than one 'action' header (names are case-insensitive); give exactly one";
    }
    if (!(actions.get(0) instanceof String action)) {
      return "the 'action' header must be a string";
    }
    if (!methods().containsKey(action)) {
      return "unknown action '" + (action.length() > 64 ? action.substring(0, 64) + "…" : action) + "' for " + shortName
        + "; expected one of " + methods().keySet();
    }
    return null;
  }

  /** A parameter's name in a raw message body: snake_case, like every JSON shape ({@code include_cache_stats}). */
  public static String wireName(Parameter parameter) {
    return parameter.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  /** The service an address belongs to, and whether it is a per-worker address; empty for any other address. */
  public static Optional<Map.Entry<ServiceCatalog, Boolean>> byAddress(String address) {
    for (ServiceCatalog service : values()) {
      if (service.sharedAddress.equals(address)) {
        return Optional.of(Map.entry(service, false));
      }
      if (address != null && service.perWorkerPattern.matcher(address).matches()) {
        return Optional.of(Map.entry(service, true));
      }
    }
    return Optional.empty();
  }

  public static Optional<ServiceCatalog> byShortName(String name) {
    return Arrays.stream(values()).filter(s -> s.shortName.equals(name)).findFirst();
  }
}
