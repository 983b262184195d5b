package org.taskercore.worker.templates;

import org.taskercore.worker.tasks.TaskTemplate;
import org.taskercore.worker.tasks.TemplateKey;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

@DisplayName("Template files: loading, with malformed files among good ones")
class TemplateStoreTest {

  @TempDir
  Path dir;

  static final String GOOD = """
    name: %s
    namespace_name: %s
    version: 1.0.0
    steps:
      - name: only
        handler: {callable: test.Only}
    """;

  @Test
  @DisplayName("each malformed file is reported with its reason and skipped; the good ones load")
  void malformedAmongGood() throws IOException {
    write("a/good_one/1.0.0.yaml", GOOD.formatted("good_one", "a"));
    write("b/good_two/1.0.0.yaml", GOOD.formatted("good_two", "b"));
    write("a/broken_yaml/1.0.0.yaml", "name: x\nsteps: [unclosed\n");
    write("a/no_steps/1.0.0.yaml", "name: no_steps\nnamespace_name: a\nversion: 1.0.0\n");
    write("a/no_callable/1.0.0.yaml", "name: n\nnamespace_name: a\nversion: 1.0.0\nsteps:\n  - name: s\n");
    write("a/wrong_type/1.0.0.yaml", "name: w\nnamespace_name: a\nversion: 1.0.0\nsteps: 12\n");
    write("a/empty/1.0.0.yaml", "");
    write("a/z_copy/1.0.0.yaml", GOOD.formatted("good_one", "a"));

    TemplateStore store = new TemplateStore(List.of("**/*.yaml"), dir, 3 * 1024 * 1024);
    TemplateStore.ScanReport report = store.scan();

    assertThat(report.loaded()).containsExactlyInAnyOrder(
      new TemplateKey("a", "good_one", "1.0.0"), new TemplateKey("b", "good_two", "1.0.0"));
    assertEquals(6, report.errors().size(), report.errors().toString());
    assertThat(reason(report, "broken_yaml")).contains("line");
    assertThat(reason(report, "no_steps")).contains("missing required field(s): steps");
    assertThat(reason(report, "no_callable")).contains("steps[0].handler.callable");
    assertThat(reason(report, "wrong_type")).isNotBlank();
    assertThat(reason(report, "empty")).contains("empty");
    assertThat(reason(report, "z_copy")).contains("duplicates template a/good_one/1.0.0");
    assertNotNull(store.read(new TemplateKey("b", "good_two", "1.0.0")));
  }

  @Test
  @DisplayName("hostile files: duplicate keys, alias bombs, oversize, bad UTF-8 each skip with a clear reason and no Java type")
  void hostileFiles() throws IOException {
    write("a/good_one/1.0.0.yaml", GOOD.formatted("good_one", "a"));
    write("a/twice/1.0.0.yaml", "name: twice\nnamespace_name: a\nnamespace_name: b\nversion: 1.0.0\n"
      + "steps:\n  - name: s\n    handler: {callable: test.Only}\n");
    StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i <= 30; i++) {
      bomb.append("a").append(i).append(": &a").append(i).append(" [")
        .append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
    }
    write("a/bomb/1.0.0.yaml", bomb.toString());
    write("a/huge/1.0.0.yaml", "name: huge\n# " + "x".repeat(5_000) + "\n");
    Path latin1 = dir.resolve("a/latin1/1.0.0.yaml");
    Files.createDirectories(latin1.getParent());
    Files.write(latin1, "name: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    write("a/typed/1.0.0.yaml", "name: [not, a, string]\nnamespace_name: a\nversion: 1.0.0\nsteps: []\n");

    TemplateStore.ScanReport report = new TemplateStore(List.of("**/*.yaml"), dir, 4_096).scan();

    assertThat(report.loaded()).containsExactly(new TemplateKey("a", "good_one", "1.0.0"));
    assertThat(reason(report, "twice")).contains("line 3", "duplicate key namespace_name");
    assertThat(reason(report, "bomb")).contains("aliases").contains("50");
    assertThat(reason(report, "huge")).isEqualTo("file is " + Files.size(dir.resolve("a/huge/1.0.0.yaml"))
      + " bytes, over worker.templates.max_file_bytes (4096)");
    assertThat(reason(report, "latin1")).isEqualTo("not valid UTF-8 at byte 9");
    assertThat(reason(report, "typed")).isEqualTo("field 'name': expected a string");
    report.errors().forEach(e -> assertThat(e.reason()).as(e.file()).doesNotContain("java.", "Exception", "com.fasterxml"));
  }

  @Test
  @DisplayName("a namespace, name or version outside what the routes accept is skipped, naming the field and its line")
  void namesTheRoutesAccept() throws IOException {
    write("a/good/1.0.0.yaml", GOOD.formatted("good", "a"));
    write("a/escape/1.0.0.yaml", "# a comment first\n" + GOOD.formatted("\"evil\\e[31m\"", "a"));
    write("a/slash/1.0.0.yaml", GOOD.formatted("ok", "\"../etc\""));
    write("a/dots/1.0.0.yaml", GOOD.formatted("\"..\"", "a"));
    write("a/version/1.0.0.yaml", GOOD.formatted("v", "a").replace("version: 1.0.0", "version: \"1.0 beta\""));
    TemplateStore.ScanReport report = new TemplateStore(List.of("**/*.yaml"), dir, 3 * 1024 * 1024).scan();

    assertThat(report.loaded()).containsExactly(new TemplateKey("a", "good", "1.0.0"));
    assertThat(reason(report, "escape")).startsWith("line 2: invalid name: 'evil\u001b[31m'");
    assertThat(reason(report, "slash")).startsWith("line 2: invalid namespace_name: '../etc'");
    assertThat(reason(report, "dots")).startsWith("line 1: invalid name: '..'");
    assertThat(reason(report, "version")).startsWith("line 3: invalid version: '1.0 beta'");
  }

  @Test
  @DisplayName("anchors and aliases work as YAML defines them: a shared retry policy is reused, not turned into a string")
  void anchorsAndAliases() throws IOException {
    write("a/shared/1.0.0.yaml", """
      name: shared
      namespace_name: a
      version: 1.0.0
      metadata:
        defaults: &default_retry {retryable: true, max_attempts: 4}
        owner: &owner payments-team
        maintained_by: *owner
      steps:
        - name: first
          handler: {callable: test.Only}
          retry: *default_retry
        - name: second
          handler: {callable: test.Only}
          retry: *default_retry
      """);
    TemplateStore store = new TemplateStore(List.of("**/*.yaml"), dir, 4_096);
    assertThat(store.scan().errors()).isEmpty();
    TaskTemplate template = store.read(new TemplateKey("a", "shared", "1.0.0"));
    assertEquals(4, template.step("first").retry().attempts());
    assertEquals(4, template.step("second").retry().attempts());
    assertEquals("payments-team", template.metadata().get("maintained_by"));
  }

  @Test
  @DisplayName("a search path that matches no directory is reported, not fatal")
  void missingSearchPath() throws IOException {
    write("a/good_one/1.0.0.yaml", GOOD.formatted("good_one", "a"));
    TemplateStore store = new TemplateStore(List.of("nowhere/**/*.yaml", "a/**/*.yaml"), dir, 3 * 1024 * 1024);
    TemplateStore.ScanReport report = store.scan();
    assertEquals(1, report.loaded().size());
    assertThat(report.errors().get(0).reason()).contains("nowhere/**/*.yaml");
  }

  private static String reason(TemplateStore.ScanReport report, String dirName) {
    return report.errors().stream().filter(e -> e.file().contains("/" + dirName + "/")).findFirst()
      .orElseThrow(() -> new AssertionError("no error for " + dirName + " in " + report.errors())).reason();
  }

  private void write(String relative, String text) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
