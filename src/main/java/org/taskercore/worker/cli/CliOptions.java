package org.taskercore.worker.cli;

import org.taskercore.worker.config.ConfigLoader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The options every cluster command shares ({@code --conf FILE}, {@code --timeout D}, {@code --worker ID}) and the rest, in order. */
record CliOptions(Path conf, Duration timeout, String worker, List<String> positional) {

  static CliOptions parse(List<String> args, Duration defaultTimeout) {
    Path conf = null;
    Duration timeout = defaultTimeout;
    String worker = null;
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--conf") || arg.equals("--timeout") || arg.equals("--worker")) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        String value = args.get(++i);
        switch (arg) {
          case "--conf" -> conf = Path.of(value);
          case "--timeout" -> timeout = Durations.parse(value);
          default -> worker = value;
        }
      } else {
        positional.add(arg);
      }
    }
    return new CliOptions(conf, timeout, worker, List.copyOf(positional));
  }

  ConfigLoader loader() {
    ConfigLoader loader = new ConfigLoader();
    if (conf != null) {
      loader.overrideFile(conf);
    }
    return loader;
  }
}
