package org.taskercore.worker.templates;

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

    TemplateStore store = new TemplateStore(List.of("**/*.yaml"), dir);
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
  @DisplayName("a search path that matches no directory is reported, not fatal")
  void missingSearchPath() throws IOException {
    write("a/good_one/1.0.0.yaml", GOOD.formatted("good_one", "a"));
    TemplateStore store = new TemplateStore(List.of("nowhere/**/*.yaml", "a/**/*.yaml"), dir);
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
