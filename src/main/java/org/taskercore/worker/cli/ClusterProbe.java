package org.taskercore.worker.cli;

import java.io.PrintStream;

/** {@code probe --worker ID}: asks the worker over the clustered bus. */
final class ClusterProbe {

  private ClusterProbe() {
  }

  static int run(ProbeCommand.ProbeArgs probe, PrintStream out) {
    out.println(probe.kind() + ": --worker needs the cluster client, not built yet");
    return 2;
  }
}
