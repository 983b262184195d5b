package org.taskercore.worker.config;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Loads the layered configuration: {@code conf/base/worker.toml}, then
 * {@code conf/environments/<env>/worker.toml}, then {@code TASKER__A__B} environment variables,
 * then an optional {@code --conf} file, then values set in code (library mode).
 */
public final class ConfigLoader {

  public static final String ENV_PREFIX = "TASKER__";
  private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** Where the configuration ships inside the jar, for hosts that have no conf/ directory. */
  private static final String CLASSPATH_CONF = "/tasker-worker/conf/";
  private static final List<String> SHIPPED_ENVIRONMENTS = List.of("development", "production", "test");

  private Path confDir = Path.of("conf");
  private String environment;
  private Map<String, String> env = System.getenv();
  private Path overrideFile;
  private JsonObject inCode = new JsonObject();

  public ConfigLoader confDir(Path dir) {
    this.confDir = dir;
    return this;
  }

  /** The environment to load; when unset, {@code TASKER_ENV} or {@code development}. */
  public ConfigLoader environment(String name) {
    this.environment = name;
    return this;
  }

  /** The environment variables to read (the process's by default). */
  public ConfigLoader env(Map<String, String> variables) {
    this.env = Map.copyOf(variables);
    return this;
  }

  public ConfigLoader overrideFile(Path file) {
    this.overrideFile = file;
    return this;
  }

  /** Values set in code, as a nested table, applied last; {@code set("worker.web.enabled", false)}. */
  public ConfigLoader set(String dottedKey, Object value) {
    DottedKeys.put(inCode, dottedKey, value);
    return this;
  }

  public TaskerConfig load() {
    String envName = environment != null ? environment : env.getOrDefault("TASKER_ENV", "development");
    if (envName.isBlank()) {
      envName = "development";
    }
    ConfigLayers layers = new ConfigLayers();
    List<String> applied = new ArrayList<>();

    boolean fromJar = !Files.isDirectory(confDir);
    List<Source> shipped = fromJar
      ? List.of(classpathSource("base/worker.toml"), classpathEnvironment(envName))
      : List.of(fileSource(requireFile(confDir.resolve("base").resolve("worker.toml"))), fileSource(environmentFile(envName)));
    if (!fromJar) {
      // The defaults, stated once: a conf/ directory's base file may be an older copy that lacks a newer key.
      Source defaults = classpathSource("base/worker.toml");
      layers.mergeToml(defaults.text(), defaults.name(), this::interpolate);
    }
    for (Source source : shipped) {
      layers.mergeToml(source.text(), source.name(), this::interpolate);
      applied.add(source.name());
    }

    int overrides = applyEnvironmentOverrides(layers);
    if (overrides > 0) {
      applied.add("environment variables (" + overrides + ")");
    }
    if (overrideFile != null) {
      if (!Files.isRegularFile(overrideFile)) {
        throw new ConfigException(overrideFile + ": --conf file not found");
      }
      Source source = fileSource(overrideFile);
      layers.mergeToml(source.text(), source.name(), this::interpolate);
      applied.add(overrideFile.toString());
    }
    if (!inCode.isEmpty()) {
      layers.mergeLayer(inCode, "values set in code", s -> s);
      applied.add("values set in code");
    }
    KnownKeys.check(layers.tree(), layers);
    return ConfigBinder.bind(new ConfigReader(layers), envName, layers.tree(), List.copyOf(applied));
  }

  private Path environmentFile(String envName) {
    Path envRoot = confDir.resolve("environments");
    Path file = envRoot.resolve(envName).resolve("worker.toml");
    if (!ENVIRONMENT_NAME.matcher(envName).matches() || !Files.isRegularFile(file)) {
      throw new ConfigException("unknown environment '" + envName + "' (TASKER_ENV): no "
        + envRoot.resolve("<env>").resolve("worker.toml") + " for it; known: " + knownEnvironments(envRoot));
    }
    return file;
  }

  private static Path requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file + ": base configuration file not found");
    }
    return file;
  }

  /** A TOML text and the name errors give it. */
  private record Source(String name, String text) {
  }

  private static Source fileSource(Path file) {
    return new Source(file.toString(), ConfigLayers.read(file));
  }

  private static Source classpathSource(String relative) {
    String path = CLASSPATH_CONF + relative;
    try (var in = ConfigLoader.class.getResourceAsStream(path)) {
      return in == null ? null : new Source("classpath:" + path.substring(1), new String(in.readAllBytes(), UTF_8));
    } catch (IOException e) {
      throw new ConfigException("classpath:" + path + ": cannot be read: " + e.getMessage(), e);
    }
  }

  private static Source classpathEnvironment(String envName) {
    Source source = ENVIRONMENT_NAME.matcher(envName).matches()
      ? classpathSource("environments/" + envName + "/worker.toml") : null;
    if (source == null) {
      // A jar cannot list its folders; these are the environments this project ships.
      throw new ConfigException("unknown environment '" + envName + "' (TASKER_ENV): no conf/ directory here and none "
        + "built in; known: " + SHIPPED_ENVIRONMENTS.stream()
        .filter(e -> classpathSource("environments/" + e + "/worker.toml") != null).toList());
    }
    return source;
  }

  private static List<String> knownEnvironments(Path envRoot) {
    try (Stream<Path> dirs = Files.list(envRoot)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("worker.toml")))
        .map(d -> d.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** {@code TASKER__WORKER__WEB__ENABLED=false} sets {@code worker.web.enabled}. */
  private int applyEnvironmentOverrides(ConfigLayers layers) {
    int count = 0;
    for (Map.Entry<String, String> entry : new TreeMap<>(env).entrySet()) {
      String name = entry.getKey();
      if (!name.startsWith(ENV_PREFIX) || name.length() == ENV_PREFIX.length()) {
        continue;
      }
      String dotted = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace("__", ".");
      if (dotted.startsWith(".") || dotted.endsWith(".") || dotted.contains("..")) {
        throw new ConfigException("environment variable " + name + ": not a valid key path");
      }
      if (dotted.split("\\.").length > TomlKeyLines.MAX_DEPTH) {
        throw new ConfigException("environment variable " + name.substring(0, Math.min(40, name.length())) + "…: key has more than "
          + TomlKeyLines.MAX_DEPTH + " parts");
      }
      Object value = ConfigLayers.parseTomlValue(entry.getValue());
      layers.set(dotted, value != null ? value : entry.getValue(), "environment variable " + name);
      count++;
    }
    return count;
  }

  private String interpolate(String text) {
    return Interpolation.expand(text, env::get);
  }
}
