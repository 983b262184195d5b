package org.taskercore.worker.templates;

import org.taskercore.worker.tasks.TaskTemplate;
import org.taskercore.worker.tasks.TemplateKey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The template files on disk. {@link #scan()} indexes every file the search globs match;
 * {@link #read(TemplateKey)} reads one template from its file again, so a cache miss and a
 * refresh see what is on disk now. A malformed file is reported and skipped.
 */
public final class TemplateStore {

  private static final ObjectMapper YAML = YAMLMapper.builder()
    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
    .serializationInclusion(JsonInclude.Include.NON_NULL)
    .build();

  /** A file that could not be loaded, and why. */
  public record LoadError(String file, String reason) {
  }

  /** What a scan found. */
  public record ScanReport(Set<TemplateKey> loaded, List<LoadError> errors) {
  }

  private final List<String> searchPaths;
  private final Path baseDir;
  private final long maxFileBytes;
  /** One indexed template: enough to list it without reading its file again. */
  public record Listed(TemplateKey key, int stepCount) {
  }

  private record Indexed(Path file, int stepCount) {
  }

  private volatile Map<TemplateKey, Indexed> index = Map.of();
  private volatile List<LoadError> errors = List.of();

  /** @param maxFileBytes a larger file is skipped before it is read ({@code worker.templates.max_file_bytes}) */
  public TemplateStore(List<String> searchPaths, Path baseDir, long maxFileBytes) {
    this.searchPaths = List.copyOf(searchPaths);
    this.baseDir = baseDir;
    this.maxFileBytes = maxFileBytes;
  }

  public synchronized ScanReport scan() {
    Map<TemplateKey, Indexed> found = new TreeMap<>(java.util.Comparator.comparing(TemplateKey::toString));
    List<LoadError> problems = new ArrayList<>();
    for (Path file : matchingFiles(problems)) {
      try {
        TaskTemplate template = parse(file, maxFileBytes);
        Indexed previous = found.putIfAbsent(template.key(), new Indexed(file, template.steps().size()));
        if (previous != null) {
          problems.add(new LoadError(file.toString(), "duplicates template " + template.key()
            + " already loaded from " + previous.file()));
        }
      } catch (TemplateFileException e) {
        problems.add(new LoadError(file.toString(), e.getMessage()));
      }
    }
    index = java.util.Collections.unmodifiableMap(found); // keeps the TreeMap's order for listing
    errors = List.copyOf(problems);
    return new ScanReport(Set.copyOf(found.keySet()), errors);
  }

  public Set<TemplateKey> keys() {
    return index.keySet();
  }

  /** Every indexed template with its step count, sorted by key, as of the last scan; reads no file. */
  public List<Listed> listing() {
    return index.entrySet().stream().map(e -> new Listed(e.getKey(), e.getValue().stepCount())).toList();
  }

  public List<LoadError> errors() {
    return errors;
  }

  /** Reads the template from its file; null when no file holds it. */
  public TaskTemplate read(TemplateKey key) {
    Indexed indexed = index.get(key);
    return indexed == null ? null : parse(indexed.file(), maxFileBytes);
  }

  /** The template as JSON, as written (nulls left out). */
  public static JsonObject toJson(TaskTemplate template) {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = YAML.convertValue(template, Map.class);
    return new JsonObject(map);
  }

  static TaskTemplate parse(Path file, long maxFileBytes) {
    TaskTemplate template = TemplateFiles.parse(file, maxFileBytes, YAML);
    requireStructure(template);
    return template;
  }

  private static void requireStructure(TaskTemplate t) {
    List<String> missing = new ArrayList<>();
    if (blank(t.name())) {
      missing.add("name");
    }
    if (blank(t.namespaceName())) {
      missing.add("namespace_name");
    }
    if (blank(t.version())) {
      missing.add("version");
    }
    if (t.steps().isEmpty()) {
      missing.add("steps (at least one)");
    }
    for (int i = 0; i < t.steps().size(); i++) {
      TaskTemplate.StepDefinition step = t.steps().get(i);
      if (step == null || blank(step.name())) {
        missing.add("steps[" + i + "].name");
      } else if (blank(step.callable())) {
        missing.add("steps[" + i + "].handler.callable");
      }
    }
    if (!missing.isEmpty()) {
      throw new TemplateFileException("missing required field(s): " + String.join(", ", missing));
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private List<Path> matchingFiles(List<LoadError> problems) {
    List<Path> files = new ArrayList<>();
    for (String glob : searchPaths) {
      Path root = baseDir.resolve(literalPrefix(glob)).normalize();
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + baseDir.resolve(glob));
      if (Files.isRegularFile(root) && matcher.matches(root)) {
        files.add(root);
        continue;
      }
      if (!Files.isDirectory(root)) {
        problems.add(new LoadError(root.toString(), "search path '" + glob + "' matches no directory"));
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile).filter(matcher::matches).sorted().forEach(files::add);
      } catch (IOException e) {
        problems.add(new LoadError(root.toString(), "cannot be listed: " + e.getMessage()));
      }
    }
    return files.stream().distinct().toList();
  }

  /** The directories of a glob before its first wildcard: {@code conf/templates} of {@code conf/templates/**}. */
  private static String literalPrefix(String glob) {
    String[] parts = glob.split("/");
    StringBuilder prefix = new StringBuilder();
    for (String part : parts) {
      if (part.matches(".*[*?\\[{].*")) {
        break;
      }
      prefix.append(part).append('/');
    }
    return prefix.length() == 0 ? "." : prefix.substring(0, prefix.length() - 1);
  }

  /** A template file that cannot be used; the message is the reason. */
  public static final class TemplateFileException extends RuntimeException {
    TemplateFileException(String reason) {
      super(reason);
    }
  }
}
