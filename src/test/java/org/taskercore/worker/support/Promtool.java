package org.taskercore.worker.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs Prometheus's own linter, {@code promtool check metrics}, on a scrape. scripts/test installs it. */
public final class Promtool {

  /** Names Micrometer's JVM and system binders choose, which the linter flags (shared/NOTES.md). */
  public static final Set<String> KNOWN_FINDINGS = Set.of("jvm_compilation_time_ms_total", "process_cpu_time_ns_total",
    "system_cpu_count");

  private Promtool() {
  }

  public static void assertOnlyKnownFindings(String scrape) {
    Process process;
    try {
      process = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("promtool is not installed; scripts/test installs it (Debian package prometheus)", e);
    }
    try {
      process.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      int code = process.exitValue();
      assertThat(code).as("promtool exit (0 clean, 3 lint only; 1 is a parse error): " + out).isIn(0, 3);
      List<String> findings = out.lines().filter(l -> !l.isBlank()).toList();
      for (String finding : findings) {
        assertThat(finding.split(" ")[0]).as("lint finding: " + finding).isIn(KNOWN_FINDINGS);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
