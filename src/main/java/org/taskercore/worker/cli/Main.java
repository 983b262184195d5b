package org.taskercore.worker.cli;

import org.taskercore.worker.TaskerWorker;

import java.util.Arrays;
import java.util.List;

/** {@code tasker-worker <command> [options]}: the command line of DESIGN §9. */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
      System.out.println(usage());
      System.exit(args.length == 0 ? 2 : 0);
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    int code = switch (args[0]) {
      case "run" -> RunCommand.run("run", rest, () -> TaskerWorker.builder().withSamples());
      case "probe" -> ProbeCommand.run(rest, System.out);
      case "gateway" -> RunCommand.run("gateway", rest, TaskerWorker::gateway);
      case "query" -> QueryCommand.run(rest, System.out);
      case "submit" -> SubmitCommand.run(rest, System.out);
      default -> {
        System.err.println("unknown command '" + args[0] + "'\n" + usage());
        yield 2;
      }
    };
    if (code != RunCommand.KEEP_RUNNING) {
      RunCommand.flushLogs(); // the asynchronous appender may still hold the command's last lines
      System.exit(code);
    }
  }

  static String usage() {
    return String.join("\n",
      "usage: tasker-worker <command> [options]",
      "  run [--conf FILE]        start a worker (HTTP per worker.web.enabled)",
      "  probe live|ready [--url URL | --worker ID] [--timeout 5s]",
      "                           exit 0 when live / ready, 1 otherwise; one line of output",
      "  gateway [--conf FILE]    join the cluster and serve HTTP for every worker, running none",
      "  query --worker ID|any <service>.<method> [args…] [--timeout 15s]",
      "                           call any service method on any worker; print its JSON",
      "  submit <ns>/<name>/<version> ['<json input>'] [--timeout 60s]",
      "                           run a task on the workers serving its namespace; print each step's outcome",
      "every command also takes --conf FILE; cluster commands need cluster.enabled = true");
  }
}
