package org.taskercore.worker.templates;

import org.taskercore.worker.tasks.TaskTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Checks a template against this worker and reports every issue, not the first. */
public final class TemplateValidator {

  /** Semantic Versioning 2.0.0, as its specification gives it. */
  public static final Pattern SEMVER = Pattern.compile(
    "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
      + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
      + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");
  private static final Set<String> DELIVERY_MODES = Set.of("durable", "fast", "broadcast");
  private static final Set<String> CONDITIONS = Set.of("success", "failure", "always");
  private static final Set<String> BACKOFFS = Set.of("exponential", "linear", "fixed");

  private final Predicate<String> handlerRegistered;
  private final Predicate<String> namespaceServed;

  public TemplateValidator(Predicate<String> handlerRegistered, Predicate<String> namespaceServed) {
    this.handlerRegistered = handlerRegistered;
    this.namespaceServed = namespaceServed;
  }

  public List<String> issues(TaskTemplate template) {
    List<String> issues = new ArrayList<>();
    if (!SEMVER.matcher(template.version()).matches()) {
      issues.add("version '" + template.version() + "' is not semantic versioning (MAJOR.MINOR.PATCH)");
    }
    if (!namespaceServed.test(template.namespaceName())) {
      issues.add("namespace '" + template.namespaceName() + "' is not served by this worker");
    }
    Map<String, TaskTemplate.StepDefinition> byName = new LinkedHashMap<>();
    for (TaskTemplate.StepDefinition step : template.steps()) {
      if (byName.putIfAbsent(step.name(), step) != null) {
        issues.add("duplicate step name '" + step.name() + "'");
      }
      checkStep(step, issues);
    }
    for (TaskTemplate.StepDefinition step : template.steps()) {
      for (String dependency : step.dependencies()) {
        if (!byName.containsKey(dependency)) {
          issues.add("step '" + step.name() + "' depends on unknown step '" + dependency + "'");
        }
      }
    }
    cycles(byName).forEach(cycle -> issues.add("dependency cycle: " + String.join(" -> ", cycle)));
    return issues;
  }

  private void checkStep(TaskTemplate.StepDefinition step, List<String> issues) {
    String where = "step '" + step.name() + "'";
    if (!handlerRegistered.test(step.callable())) {
      issues.add(where + ": handler '" + step.callable() + "' is not registered on this worker");
    }
    if (step.timeoutSeconds() != null && step.timeoutSeconds() <= 0) {
      issues.add(where + ": timeout_seconds must be positive, got " + step.timeoutSeconds());
    }
    TaskTemplate.RetryPolicy retry = step.retry();
    if (retry.maxAttempts() != null && retry.maxAttempts() < 1) {
      issues.add(where + ": retry.max_attempts must be at least 1, got " + retry.maxAttempts());
    }
    if (retry.backoff() != null && !BACKOFFS.contains(retry.backoff())) {
      issues.add(where + ": retry.backoff '" + retry.backoff() + "' is not one of " + BACKOFFS);
    }
    for (TaskTemplate.EventDeclaration event : step.publishesEvents()) {
      String name = event.name() == null ? "(unnamed)" : event.name();
      if (event.name() == null || event.name().isBlank()) {
        issues.add(where + ": an event has no name");
      }
      if (!DELIVERY_MODES.contains(String.valueOf(event.deliveryMode()))) {
        issues.add(where + ": event '" + name + "' has delivery_mode '" + event.deliveryMode()
          + "', expected durable, fast or broadcast");
      }
      if (event.condition() != null && !CONDITIONS.contains(event.condition())) {
        issues.add(where + ": event '" + name + "' has condition '" + event.condition()
          + "', expected success, failure or always");
      }
    }
  }

  /** Every elementary cycle found by depth-first search, each listed once as a path. */
  static List<List<String>> cycles(Map<String, TaskTemplate.StepDefinition> steps) {
    Map<String, Integer> state = new HashMap<>();
    List<List<String>> found = new ArrayList<>();
    Set<Set<String>> seen = new LinkedHashSet<>();
    for (String start : steps.keySet()) {
      visit(start, steps, state, new ArrayList<>(), found, seen);
    }
    return found;
  }

  private static void visit(String step, Map<String, TaskTemplate.StepDefinition> steps,
                            Map<String, Integer> state, List<String> path,
                            List<List<String>> found, Set<Set<String>> seen) {
    int s = state.getOrDefault(step, 0);
    if (s == 2 || !steps.containsKey(step)) {
      return;
    }
    if (s == 1) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(step), path.size()));
      if (seen.add(Set.copyOf(cycle))) {
        cycle.add(step);
        found.add(cycle);
      }
      return;
    }
    state.put(step, 1);
    path.add(step);
    for (String dependency : steps.get(step).dependencies()) {
      visit(dependency, steps, state, path, found, seen);
    }
    path.remove(path.size() - 1);
    state.put(step, 2);
  }
}
