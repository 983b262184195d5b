package org.taskercore.worker.templates;

import org.taskercore.worker.tasks.TaskTemplate;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Template validation reports every planted issue at once")
class TemplateValidatorTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("cycle, unknown dependency, unregistered handler, bad semver, duplicate step, bad delivery mode and condition")
  void everyIssueInOneAnswer() throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, """
      name: bad
      namespace_name: elsewhere
      version: v1
      steps:
        - name: a
          handler: {callable: known.A}
          dependencies: [c]
        - name: b
          handler: {callable: known.A}
          dependencies: [a]
        - name: c
          handler: {callable: known.A}
          dependencies: [b, ghost]
        - name: a
          handler: {callable: not.Registered}
          publishes_events:
            - {name: x.happened, condition: sometimes, delivery_mode: carrier_pigeon}
      """);
    TaskTemplate template = TemplateStore.parse(file, 3 * 1024 * 1024);
    TemplateValidator validator = new TemplateValidator(Set.of("known.A")::contains, Set.of("payments")::contains);

    List<String> issues = validator.issues(template);

    assertThat(issues).anyMatch(i -> i.contains("dependency cycle") && i.contains("a") && i.contains("b") && i.contains("c"));
    assertThat(issues).anyMatch(i -> i.contains("unknown step 'ghost'"));
    assertThat(issues).anyMatch(i -> i.contains("'not.Registered' is not registered"));
    assertThat(issues).anyMatch(i -> i.contains("version 'v1' is not semantic versioning"));
    assertThat(issues).anyMatch(i -> i.contains("duplicate step name 'a'"));
    assertThat(issues).anyMatch(i -> i.contains("delivery_mode 'carrier_pigeon'"));
    assertThat(issues).anyMatch(i -> i.contains("condition 'sometimes'"));
    assertThat(issues).anyMatch(i -> i.contains("namespace 'elsewhere' is not served"));
    assertThat(issues).hasSize(8);
  }

  @Test
  @DisplayName("a sound diamond has no issue; semver with pre-release and build passes")
  void soundTemplate() {
    TaskTemplate template = TemplateStore.parse(Path.of("conf/templates/inventory/fulfil_order/1.0.0.yaml"), 3 * 1024 * 1024);
    TemplateValidator validator = new TemplateValidator(c -> true, ns -> true);
    assertThat(validator.issues(template)).isEmpty();
    assertThat(TemplateValidator.SEMVER.matcher("1.2.3-rc.1+build.5").matches()).isTrue();
    assertThat(TemplateValidator.SEMVER.matcher("01.2.3").matches()).isFalse();
  }
}
