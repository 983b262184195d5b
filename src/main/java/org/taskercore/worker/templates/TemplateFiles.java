package org.taskercore.worker.templates;

import org.taskercore.worker.tasks.TaskTemplate;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.taskercore.worker.protocol.TemplateNames;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * Reads one template file, checking what a hostile or careless file can do before it costs
 * anything: its size before it is read, UTF-8 with the offset of the first bad byte, YAML as YAML
 * defines it (anchors and aliases resolved, a bounded alias expansion, nesting bounded, a
 * duplicate key refused with its line), then the template's shape, every message in the
 * template's own terms (field paths, never a Java type).
 */
final class TemplateFiles {

  /** Aliases to collections a file may expand; a "billion laughs" file stops here. */
  static final int MAX_ALIASES = 50;
  static final int MAX_NESTING = 50;

  private TemplateFiles() {
  }

  /** @throws TemplateStore.TemplateFileException with the reason, naming the line where there is one */
  static TaskTemplate parse(Path file, long maxBytes, ObjectMapper mapper) {
    String text = read(file, maxBytes);
    if (text.isBlank()) {
      throw new TemplateStore.TemplateFileException("file is empty");
    }
    Object document;
    try {
      document = yaml(maxBytes).load(text);
    } catch (MarkedYAMLException e) {
      throw new TemplateStore.TemplateFileException("line " + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem());
    } catch (YAMLException e) {
      throw new TemplateStore.TemplateFileException(e.getMessage());
    }
    if (!(document instanceof Map)) {
      throw new TemplateStore.TemplateFileException("file holds no template (expected a mapping of name, namespace_name, version, steps)");
    }
    TaskTemplate template;
    try {
      template = mapper.convertValue(document, TaskTemplate.class);
    } catch (IllegalArgumentException e) {
      throw new TemplateStore.TemplateFileException(shapeProblem(e));
    }
    requireNames(template, text, maxBytes);
    return template;
  }

  /** A namespace, name or version outside what the routes accept is refused, naming its line. */
  private static void requireNames(TaskTemplate template, String text, long maxBytes) {
    String[][] fields = {{"namespace_name", template.namespaceName()}, {"name", template.name()}, {"version", template.version()}};
    for (String[] field : fields) {
      if (field[1] == null) {
        continue; // reported as missing with the other required fields
      }
      String problem = TemplateNames.problem(field[0], field[1],
        field[0].equals("version") ? TemplateNames.VERSION : TemplateNames.SEGMENT);
      if (problem != null) {
        throw new TemplateStore.TemplateFileException(lineOf(field[0], text, maxBytes) + problem);
      }
    }
  }

  /** "line N: " of a top-level key, from the YAML node tree (composed again only on this error path). */
  private static String lineOf(String key, String text, long maxBytes) {
    if (yaml(maxBytes).compose(new java.io.StringReader(text)) instanceof org.yaml.snakeyaml.nodes.MappingNode mapping) {
      for (org.yaml.snakeyaml.nodes.NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode scalar && scalar.getValue().equals(key)) {
          return "line " + (scalar.getStartMark().getLine() + 1) + ": ";
        }
      }
    }
    return "";
  }

  private static String read(Path file, long maxBytes) {
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        throw new TemplateStore.TemplateFileException("file is " + size + " bytes, over worker.templates.max_file_bytes ("
          + maxBytes + ")");
      }
      return utf8(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new TemplateStore.TemplateFileException("cannot be read: " + e.getMessage());
    }
  }

  private static String utf8(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw new TemplateStore.TemplateFileException("not valid UTF-8 at byte " + in.position());
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  private static Yaml yaml(long maxBytes) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxBytes));
    return new Yaml(new SafeConstructor(options));
  }

  /** "field 'steps[0].name': expected a string", from Jackson's mapping failure. */
  private static String shapeProblem(IllegalArgumentException e) {
    if (!(e.getCause() instanceof JsonMappingException mapping)) {
      return "not a template: the file's shape does not match";
    }
    StringBuilder field = new StringBuilder();
    for (JsonMappingException.Reference step : mapping.getPath()) {
      if (step.getFieldName() != null) {
        field.append(field.length() == 0 ? "" : ".").append(step.getFieldName());
      } else if (step.getIndex() >= 0) {
        field.append('[').append(step.getIndex()).append(']');
      }
    }
    String expected = mapping instanceof MismatchedInputException mismatch ? expected(mismatch.getTargetType()) : "a usable value";
    return (field.length() == 0 ? "the template" : "field '" + field + "'") + ": expected " + expected;
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "a usable value";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "a mapping";
  }
}
